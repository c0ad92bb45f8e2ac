from briefcli.entry import main

main()
