"""The weekly orange-juice batch scenario: data, model, scoring, the Dask job and its records.

`oj_data` generates the sales, `features`/`model`/`train` forecast them, `scoring` validates and
scores a partition, `batch` runs a week on Dask (CLI: `python -m
deploycore.scenarios.forecasting`), `runs`
stores runs, events and forecasts, and `timeline`/`charts`/`run_costs`/`report` feed the page.
"""
