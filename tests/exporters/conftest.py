# packages/ holds problem packages the golden cases read, not tests of this suite.
collect_ignore = ["packages"]
