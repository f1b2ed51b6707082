"""How the app runs as several replicas behind nginx: the site file, process files and a local
launcher (`python -m deploy.cluster`)."""
