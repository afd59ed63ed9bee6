from levelup.cli.entry import main

main()
