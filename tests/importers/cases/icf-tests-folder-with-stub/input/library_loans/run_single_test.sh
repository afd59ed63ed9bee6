#!/bin/bash
# usage: bash run_single_test.sh tests/level_1_tests.py::Level1Tests::test_level_1_case_01_add_book
python3 -m pytest "$1"
