"""Small published and hand-made inputs the loyalty tests share."""

import pandas as pd

# Fader & Hardie (2007), Table 1: percent of a cohort still subscribed at years 0-7
REGULAR = [100, 63.1, 46.8, 38.2, 32.6, 28.9, 26.2, 24.1]
HIGH_END = [100, 86.9, 74.3, 65.3, 59.3, 55.1, 51.7, 49.1]


def toy_transactions() -> pd.DataFrame:
    """Four customers: 1 and 2 buy again (19 and 65 days later), 3 and 4 do not."""
    return pd.DataFrame(
        {
            "customer_id": [1, 1, 2, 2, 3, 4],
            "date": pd.to_datetime(
                ["2020-01-01", "2020-01-20", "2020-01-05", "2020-03-10", "2020-02-01", "2020-02-15"]
            ),
            "quantity": [1, 2, 1, 1, 3, 1],
            "amount": [10.0, 20.0, 12.0, 8.0, 30.0, 9.0],
        }
    )
