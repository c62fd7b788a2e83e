from desk_client.ui.app import main

raise SystemExit(main())
