"""The shirt-shop scenario: a seeded catalog, an item-item recommender and its HTTP endpoint.

Pure Python (numpy, scikit-learn, FastAPI); no Streamlit. Pages reach it through `client`,
`server` and `loadtest`; the endpoint itself lives in `service`.
"""
