from levelup.cli.app import main

main()
