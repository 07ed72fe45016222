"""Loaders of the cached datasets as pandas frames; each verifies the files first and never downloads."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._validation import check_choice, check_frame
from .catalog import GENRES, verify

__all__ = [
    "describe",
    "load_cdnow_summary",
    "load_cdnow_transactions",
    "load_movielens_100k",
    "load_movielens_items",
    "load_movielens_users",
]


def load_movielens_100k() -> pd.DataFrame:
    """MovieLens 100K ratings: ``user_id, item_id, rating, timestamp`` (100,000 rows, ratings 1-5)."""
    folder = verify("ml-100k")
    ratings = pd.read_csv(
        folder / "ml-100k.inter",
        sep="\t",
        header=0,
        names=["user_id", "item_id", "rating", "timestamp"],
        dtype="int64",
    )
    return ratings


def load_movielens_items() -> pd.DataFrame:
    """MovieLens 100K movies indexed by ``item_id``: ``title, year`` and 19 boolean genre columns."""
    folder = verify("ml-100k")
    raw = pd.read_csv(
        folder / "ml-100k.item",
        sep="\t",
        header=0,
        names=["item_id", "title", "year", "genres"],
        dtype={"item_id": "int64", "title": str, "year": str, "genres": str},
        keep_default_na=False,
        quoting=3,
        encoding="utf-8",
    )
    items = raw[["item_id", "title"]].copy()
    items["year"] = pd.to_numeric(raw["year"], errors="coerce").astype("Int64")  # item 1412 has year "V"
    genre_lists = raw["genres"].str.split(" ")
    for genre in GENRES:
        items[genre] = genre_lists.apply(lambda gs, g=genre: g in gs)
    return items.set_index("item_id")


def load_movielens_users() -> pd.DataFrame:
    """MovieLens 100K users indexed by ``user_id``: ``age, gender, occupation, zip`` (zip codes as text)."""
    folder = verify("ml-100k")
    users = pd.read_csv(
        folder / "ml-100k.user",
        sep="\t",
        header=0,
        names=["user_id", "age", "gender", "occupation", "zip"],
        dtype={"user_id": "int64", "age": "int64", "gender": str, "occupation": str, "zip": str},
    )
    return users.set_index("user_id")


def load_cdnow_transactions(which: str = "sample") -> pd.DataFrame:
    """CDNOW purchases, one row per transaction: ``customer_id, date, quantity, amount`` (US dollars).

    ``which="sample"``: the 2,357-customer 1/10th sample of Fader, Hardie & Lee (6,919 rows);
    ``which="master"``: all 23,570 customers of the January-March 1997 cohort (69,659 rows).
    """
    check_choice(which, "which", ("sample", "master"))
    folder = verify("cdnow")
    if which == "sample":
        raw = pd.read_csv(
            folder / "CDNOW_sample.txt",
            sep=r"\s+",
            header=None,
            names=["master_id", "customer_id", "date", "quantity", "amount"],
        )
        raw = raw.drop(columns="master_id")
    elif which == "master":
        raw = pd.read_csv(
            folder / "CDNOW_master.txt",
            sep=r"\s+",
            header=0,
            names=["customer_id", "date", "quantity", "amount"],
        )
    else:
        raise ValueError(f"which must be 'sample' or 'master', got {which!r}")
    raw["date"] = pd.to_datetime(raw["date"].astype(str), format="%Y%m%d")
    return raw.astype({"customer_id": "int64", "quantity": "int64", "amount": "float64"})


def load_cdnow_summary() -> pd.DataFrame:
    """The CDNOW sample summarized for BG/NBD: ``frequency, recency, T`` in weeks, 39-week calibration.

    2,357 customers indexed by ``customer_id`` (the table Fader, Hardie & Lee 2005 fit): ``frequency`` is
    the number of repeat purchases, ``recency`` the time of the last one and ``T`` the time since the first.
    """
    folder = verify("cdnow")
    summary = pd.read_csv(folder / "cdnow_customers_summary.csv")
    summary = summary.rename(columns={"ID": "customer_id"}).set_index("customer_id")
    return summary.astype({"frequency": "int64", "recency": "float64", "T": "float64"})


def describe(ratings: pd.DataFrame) -> dict:
    """Counts of a ratings frame (rows, users, items, rating range) for a quick sanity table."""
    check_frame(ratings, ["user_id", "item_id", "rating"], "the ratings frame")
    return {
        "ratings": len(ratings),
        "users": int(ratings["user_id"].nunique()),
        "items": int(ratings["item_id"].nunique()),
        "min_rating": float(ratings["rating"].min()),
        "max_rating": float(ratings["rating"].max()),
        "density": round(len(ratings) / (ratings["user_id"].nunique() * ratings["item_id"].nunique()), 5),
        "mean_rating": float(np.round(ratings["rating"].mean(), 5)),
    }
