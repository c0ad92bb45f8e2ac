from briefcli.cli.entry import main

main()
