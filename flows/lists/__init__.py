"""Official sanctions lists as sources: the `lists` Prefect flow and its parts.

- `flows.lists.flow`: the flow `lists` (deployment `daily-lists`) and `run_lists(settings, ...)`
- `flows.lists.config`: lists.toml -> ListConfig
- `flows.lists.refresh`: one list: conditional GET -> raw -> parse -> diff -> load (never raises)
- `flows.lists.claims_link`: list changes -> sanction mentions/claims, grouped alerts
- `flows.lists.reconcile`: news parties vs listed entities -> list_reconciliation
- `flows.lists.hooks`: `after_claims(con)`, run after every claims refresh (flows.ingest.after_run too)
- `flows.lists.store`, `flows.lists.fetch`, `flows.lists.files`: warehouse, HTTP and disk I/O

Nothing is imported here, so `import flows.lists.config` does not start Prefect.
"""
