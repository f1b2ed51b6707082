"""Refreshing the price catalog from the providers' public price lists.

One module per provider (`azure`, `aws`, `gcp`) turns an answer into quotes for catalog rows,
`units` converts the providers' units into the catalog's, `refresh` builds the new catalog,
`writer` writes it atomically and `cli` is `python -m deploycore.costing.prices refresh`. Not
used by the app at run time: the page only reads the catalogs this writes.
"""
