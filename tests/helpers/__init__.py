"""Test helpers imported by the flows tests (fixtures are in tests/conftest.py).

- `warehouse_rows`  a migrated DuckDB file and small inserters of articles and findings; claim ids
- `ingest_site`     a scripted news site on loopback for the ingest tests; feeds.toml writer
- `webhook_receiver` a real webhook receiver on loopback (alerts)
- `prefect_server`  a real Prefect server + worker (tests/test_schedule.py)
"""
