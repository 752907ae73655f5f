"""Resolve identity records (member cards, web accounts, followers …) into customers.

Records that share a normalised identifier are linked; optionally records that agree closely on
name, date of birth, address and postcode within a block are linked too. Customers are the
connected components of that graph (scipy.sparse.csgraph), so linking is transitive and runs
in one vectorised pass. Identifier values shared by implausibly many records (a shop's phone, a
household's landline) are flagged and not used. Method and guards: docs/segments.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from console.errors import ValidationError
from console.services.identity_normalize import ID_TYPES, encode_identities

FUZZY_FIELDS = ("name", "birth_date", "address", "postcode")
DEFAULT_FUZZY_WEIGHTS: Mapping[str, float] = {
    "name": 3.0,
    "birth_date": 2.0,
    "address": 2.0,
    "postcode": 1.0,
}
_TYPE_LABELS = np.array([*ID_TYPES, "(no type)"], dtype=object)  # code -1 -> last
_MAX_TEXT = 48  # characters of a name/address compared; longer tails add little and cost O(L²)


@dataclass(frozen=True)
class FuzzyConfig:
    """Fuzzy linking: records in the same block whose weighted similarity >= threshold link.

    Score = sum(weight * similarity) / sum(weight) over the fields both records have; at least
    `min_fields` fields must be compared. Blocks larger than `max_block_size` are skipped
    (reported): comparing every pair in them would be quadratic and they are mostly noise.
    """

    threshold: float = 0.85
    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_FUZZY_WEIGHTS))
    min_fields: int = 2
    blocks: tuple[tuple[str, ...], ...] = (("postcode", "birth_year"),)
    max_block_size: int = 200


@dataclass
class ResolutionReport:
    """What the resolution did, for the panel's statistics and the CLI summary.

    links_by_type: id_type, values (distinct usable values), shared_values (values on >= 2
    records and not flagged), records_linked (records holding such a value), flagged_values.
    flagged: id_type, value, records — values shared by more than the limit, not used.
    invalid: id_type, reason, rows — raw values normalisation rejected.
    oversized: customer_id, records — clusters above max_cluster_size (kept, for review).
    cluster_sizes: size, customers — the distribution of cluster sizes.
    """

    n_records: int
    n_customers: int
    links_by_type: pd.DataFrame
    flagged: pd.DataFrame
    invalid: pd.DataFrame
    oversized: pd.DataFrame
    cluster_sizes: pd.DataFrame
    fuzzy_pairs_compared: int = 0
    fuzzy_links: int = 0
    fuzzy_records_linked: int = 0
    fuzzy_blocks_skipped: int = 0

    @property
    def records_linked(self) -> int:
        """Records that share their customer with at least one other record."""
        multi = self.cluster_sizes[self.cluster_sizes["size"] > 1]
        return int((multi["size"] * multi["customers"]).sum())


@dataclass
class Resolution:
    clusters: pd.DataFrame  # record_id, customer_id (the smallest record_id of its cluster)
    report: ResolutionReport


@dataclass(frozen=True)
class PairwiseScores:
    """Pairwise clustering quality: a pair of records is 'linked' if in the same cluster."""

    precision: float
    recall: float
    f1: float
    predicted_pairs: int
    true_pairs: int
    correct_pairs: int


def records_to_identities(
    records: pd.DataFrame, id_col: str, exact: Mapping[str, str]
) -> pd.DataFrame:
    """Wide records (one column per identifier) to long identities (record_id, id_type, value).

    `exact` maps column -> identifier type; two columns of one type (home and work phone) are
    compared with each other.
    """
    parts = [
        pd.DataFrame(
            {"record_id": records[id_col].to_numpy(), "id_type": id_type, "value": records[col]}
        )
        for col, id_type in exact.items()
    ]
    if not parts:
        return pd.DataFrame({"record_id": records[id_col].iloc[:0], "id_type": [], "value": []})
    return pd.concat(parts, ignore_index=True)


def resolve_identities(
    identities: pd.DataFrame,
    *,
    record_ids: Sequence | pd.Series | None = None,
    normalized: bool = False,
    fuzzy: pd.DataFrame | None = None,
    fuzzy_config: FuzzyConfig | None = None,
    max_records_per_value: int | Mapping[str, int] = 10,
    max_cluster_size: int = 50,
) -> Resolution:
    """Link identity records into customers.

    identities: long frame record_id, id_type, value (raw; pass normalized=True if `value` is
    already canonical, e.g. stored normalised at import). record_ids: every record to resolve
    (records without a usable identifier become their own customer); default: the records in
    `identities` and `fuzzy`.
    fuzzy: record_id plus any of FUZZY_FIELDS. max_records_per_value: a value held by more
    distinct records than this (per id_type if a mapping) is flagged and not used.
    """
    _require_columns(identities, ("record_id", "id_type", "value"), "identities")
    encoded = encode_identities(identities["id_type"], identities["value"], normalized=normalized)
    all_ids = [identities["record_id"]]
    if record_ids is not None:
        all_ids.append(pd.Series(record_ids))
    if fuzzy is not None:
        all_ids.append(fuzzy["record_id"])
    position, records = _record_positions(pd.concat(all_ids, ignore_index=True))
    n = len(records)

    usable = encoded.key >= 0
    rec = position[: len(identities)][usable]
    n_keys = len(encoded.key_value)
    pairs = _unique(encoded.key[usable] * n + rec)  # one row per (identifier, record)
    pair_key, pair_rec = pairs // n, pairs % n
    holders = np.bincount(pair_key, minlength=n_keys)
    key_type = encoded.key_type
    flagged_key = holders > _limits(max_records_per_value)[key_type]
    linking = ~flagged_key[pair_key] & (holders[pair_key] > 1)

    extra, compared, skipped = np.empty((0, 2), dtype=np.int64), 0, 0
    if fuzzy is not None:
        extra, compared, skipped = _fuzzy_pairs(fuzzy, records, fuzzy_config or FuzzyConfig())
    labels = _components(n, pair_rec[linking], pair_key[linking], n_keys, extra)
    customer = _smallest_member(labels)
    clusters = pd.DataFrame(
        {"record_id": records.to_numpy(), "customer_id": records.to_numpy()[customer]}
    )
    flagged = pd.DataFrame(
        {
            "id_type": _TYPE_LABELS[key_type[flagged_key]],
            "value": encoded.key_value[flagged_key],
            "records": holders[flagged_key],
        }
    ).sort_values("records", ascending=False, ignore_index=True)
    empty = int(np.flatnonzero(encoded.reason_labels == "empty")[0])
    problems = (encoded.reason_code >= 0) & (encoded.reason_code != empty)
    invalid = (
        pd.DataFrame(
            {
                "id_type": _TYPE_LABELS[encoded.type_code[problems]],
                "reason": encoded.reason_labels[encoded.reason_code[problems]],
            }
        )
        .groupby(["id_type", "reason"])
        .size()
        .rename("rows")
        .reset_index()
    )
    report = ResolutionReport(
        n_records=n,
        n_customers=int(np.count_nonzero(customer == np.arange(n))),
        links_by_type=_links_by_type(key_type, holders, flagged_key, pair_key, pair_rec, linking),
        flagged=flagged,
        invalid=invalid,
        oversized=_oversized(records, customer, max_cluster_size),
        cluster_sizes=_cluster_sizes(customer),
        fuzzy_pairs_compared=compared,
        fuzzy_links=len(extra),
        fuzzy_records_linked=len(_unique(extra.ravel())),
        fuzzy_blocks_skipped=skipped,
    )
    return Resolution(clusters=clusters, report=report)


def resolve_records(
    records: pd.DataFrame,
    id_col: str,
    *,
    exact: Mapping[str, str],
    fuzzy: Mapping[str, str] | None = None,
    fuzzy_config: FuzzyConfig | None = None,
    max_records_per_value: int | Mapping[str, int] = 10,
    max_cluster_size: int = 50,
) -> Resolution:
    """Resolve a wide records frame: `exact` maps column -> id type, `fuzzy` column -> field."""
    _require_columns(records, (id_col, *exact, *(fuzzy or {})), "records")
    fuzzy_frame = None
    if fuzzy:
        fuzzy_frame = pd.DataFrame({"record_id": records[id_col].to_numpy()})
        for col, field_name in fuzzy.items():
            fuzzy_frame[field_name] = records[col].to_numpy()
    return resolve_identities(
        records_to_identities(records, id_col, exact),
        record_ids=records[id_col],
        fuzzy=fuzzy_frame,
        fuzzy_config=fuzzy_config,
        max_records_per_value=max_records_per_value,
        max_cluster_size=max_cluster_size,
    )


def evaluate_clusters(clusters: pd.DataFrame, truth: pd.DataFrame) -> PairwiseScores:
    """Pairwise precision/recall/F1 of clusters (record_id, customer_id) vs truth (record_id,
    entity_id), from the contingency counts n_ij: correct pairs = sum C(n_ij, 2), no pair list.

    Precision (recall) is 1 when no pair is predicted (true): nothing wrong was claimed (missed).
    """
    _require_columns(clusters, ("record_id", "customer_id"), "clusters")
    _require_columns(truth, ("record_id", "entity_id"), "truth")
    for frame, name in ((clusters, "clusters"), (truth, "truth")):
        duplicated = frame["record_id"][frame["record_id"].duplicated()]
        if len(duplicated):
            raise ValidationError(
                f"The {name} list has {len(duplicated)} repeated record_id(s), e.g. "
                f"{duplicated.iloc[0]!r}.",
                "List each record once.",
                problems=[(f"{name} record_id {v!r}", "repeated") for v in duplicated[:20]],
            )
    joined = clusters[["record_id", "customer_id"]].merge(
        truth[["record_id", "entity_id"]], on="record_id", how="outer", indicator=True
    )
    unmatched = joined[joined["_merge"] != "both"]
    if len(unmatched):
        where = {"left_only": "clusters only", "right_only": "truth only"}
        raise ValidationError(
            f"{len(unmatched)} record_id(s) appear in only one of the two lists, e.g. "
            f"{unmatched['record_id'].iloc[0]!r} ({where[unmatched['_merge'].iloc[0]]}).",
            "Evaluate clusters and truth over the same records.",
            problems=[
                (f"record_id {r!r}", where[m])
                for r, m in unmatched[["record_id", "_merge"]].head(20).itertuples(index=False)
            ],
        )
    predicted = pd.factorize(joined["customer_id"])[0]
    actual = pd.factorize(joined["entity_id"])[0]
    cells = pd.Series(predicted * (actual.max() + 1) + actual).value_counts().to_numpy()
    correct = int(_pairs(cells).sum())
    predicted_pairs = int(_pairs(np.bincount(predicted)).sum())
    true_pairs = int(_pairs(np.bincount(actual)).sum())
    precision = correct / predicted_pairs if predicted_pairs else 1.0
    recall = correct / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PairwiseScores(precision, recall, f1, predicted_pairs, true_pairs, correct)


def anonymous_share(customer_ids: pd.Series, by: pd.Series | None = None) -> pd.Series:
    """Share of orders without a resolved customer (overall, or per value of `by`, e.g. channel)."""
    anonymous = customer_ids.isna()
    if by is None:
        return pd.Series({"all": float(anonymous.mean()) if len(anonymous) else 0.0})
    return anonymous.groupby(by.to_numpy()).mean()


# --- exact linking ------------------------------------------------------------------------------


def _record_positions(record_ids: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Each id's position among the sorted distinct ids (so the smallest position is the
    smallest id), and those ids."""
    if pd.api.types.infer_dtype(record_ids, skipna=True).startswith("mixed"):
        raise ValidationError(
            "The record ids mix numbers and text, so the smallest id of a customer is undefined.",
            "Give every record an id of the same kind (all numbers or all text).",
        )
    position, records = pd.factorize(record_ids, sort=True)
    if (position < 0).any():
        raise ValidationError(
            f"{int((position < 0).sum())} identity row(s) have no record id.",
            "Give every identity the id of the record it belongs to.",
        )
    return position, pd.Index(records)


def _limits(max_records_per_value: int | Mapping[str, int]) -> np.ndarray:
    """The limit per type code; a mapping may give 'default' for the types it does not name."""
    if isinstance(max_records_per_value, Mapping):
        default = max_records_per_value.get("default", 10)
        return np.array([max_records_per_value.get(t, default) for t in ID_TYPES], dtype=np.int64)
    return np.full(len(ID_TYPES), max_records_per_value, dtype=np.int64)


def _components(
    n: int, rec: np.ndarray, key: np.ndarray, n_keys: int, extra: np.ndarray
) -> np.ndarray:
    """Connected components of the record-identifier bipartite graph plus direct record links."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    rows = np.concatenate([rec, extra[:, 0]])
    cols = np.concatenate([n + key.astype(np.int64), extra[:, 1]])
    size = n + n_keys
    graph = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(size, size))
    _, labels = connected_components(graph.tocsr(), directed=False)
    return labels[:n]


def _smallest_member(labels: np.ndarray) -> np.ndarray:
    """For each record, the position of the first (smallest) record in its component."""
    first = np.full(labels.max() + 1 if len(labels) else 0, len(labels), dtype=np.int64)
    np.minimum.at(first, labels, np.arange(len(labels)))
    return first[labels]


def _links_by_type(
    key_type: np.ndarray,
    holders: np.ndarray,
    flagged_key: np.ndarray,
    pair_key: np.ndarray,
    pair_rec: np.ndarray,
    linking: np.ndarray,
) -> pd.DataFrame:
    """Per id type present: values, shared (linking) values, records linked, flagged values."""
    n_types = len(ID_TYPES)
    linked_type = key_type[pair_key[linking]]
    linked_rec = pair_rec[linking]
    # A record linked by two values of one type counts once for that type.
    distinct = _unique(linked_type * (pair_rec.max(initial=0) + 1) + linked_rec)
    records_linked = np.bincount(distinct // (pair_rec.max(initial=0) + 1), minlength=n_types)
    shared = (holders > 1) & ~flagged_key
    frame = pd.DataFrame(
        {
            "id_type": ID_TYPES,
            "values": np.bincount(key_type, minlength=n_types),
            "shared_values": np.bincount(key_type[shared], minlength=n_types),
            "records_linked": records_linked,
            "flagged_values": np.bincount(key_type[flagged_key], minlength=n_types),
        }
    )
    return frame[frame["values"] > 0].reset_index(drop=True)


def _oversized(records: pd.Index, customer: np.ndarray, cap: int) -> pd.DataFrame:
    sizes = np.bincount(customer, minlength=len(records))
    big = np.flatnonzero(sizes > cap)
    frame = pd.DataFrame({"customer_id": records.to_numpy()[big], "records": sizes[big]})
    return frame.sort_values("records", ascending=False, ignore_index=True)


def _cluster_sizes(customer: np.ndarray) -> pd.DataFrame:
    sizes = np.bincount(customer)
    sizes = sizes[sizes > 0]
    dist = np.bincount(sizes)
    present = np.nonzero(dist)[0]
    return pd.DataFrame({"size": present, "customers": dist[present]})


def _unique(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values; sort-based, many times faster than np.unique on int64 here."""
    ordered = np.sort(values)
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]] if len(ordered) else ordered


def _pairs(counts: np.ndarray) -> np.ndarray:
    counts = counts.astype(np.int64)
    return counts * (counts - 1) // 2


def _require_columns(frame: pd.DataFrame, columns: Sequence[str], name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValidationError(
            f"The {name} have no column(s) {', '.join(map(repr, missing))}; they have "
            f"{', '.join(map(repr, frame.columns))}.",
            "Name existing columns.",
            problems=[(f"column {c!r}", "missing") for c in missing],
        )


# --- fuzzy linking ------------------------------------------------------------------------------


def _fuzzy_pairs(
    fuzzy: pd.DataFrame, records: pd.Index, config: FuzzyConfig
) -> tuple[np.ndarray, int, int]:
    """Record position pairs (i < j) that agree enough, pairs compared, blocks skipped."""
    fields = _fuzzy_fields(fuzzy, records)
    candidates, skipped = [], 0
    for block in config.blocks:
        if not all(name in fields for name in block):
            continue
        pairs, block_skipped = _block_pairs(fields[list(block)], config.max_block_size)
        candidates.append(pairs)
        skipped += block_skipped
    if not candidates:
        usable = ", ".join("+".join(b) for b in config.blocks)
        raise ValidationError(
            f"Fuzzy linking has no block to compare within: it needs the fields of one of "
            f"the blocks ({usable}), but the records have {', '.join(fields.columns)}.",
            "Add a postcode or date-of-birth column to the fuzzy columns.",
        )
    n = len(records)
    codes = _unique(np.concatenate([p[:, 0] * n + p[:, 1] for p in candidates]))
    left, right = codes // n, codes % n
    total = np.zeros(len(left))
    weight = np.zeros(len(left))
    compared = np.zeros(len(left), dtype=np.int64)
    for name, similarity in _field_similarities(fields, left, right):
        present = ~np.isnan(similarity)
        w = config.weights.get(name, 0.0)
        total += np.where(present, w * np.nan_to_num(similarity), 0.0)
        weight += np.where(present, w, 0.0)
        compared += present & (w > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        score = total / weight
    link = (compared >= config.min_fields) & (score >= config.threshold)
    return np.column_stack([left[link], right[link]]), len(left), skipped


def _fuzzy_fields(fuzzy: pd.DataFrame, records: pd.Index) -> pd.DataFrame:
    """One row per record position with cleaned fields and derived block keys (birth_year)."""
    unknown = [c for c in fuzzy.columns if c not in ("record_id", *FUZZY_FIELDS)]
    if unknown:
        raise ValidationError(
            f"Unknown fuzzy field(s) {', '.join(map(repr, unknown))}.",
            f"Use {', '.join(FUZZY_FIELDS)}.",
        )
    frame = fuzzy.drop_duplicates("record_id")
    pos = records.get_indexer(frame["record_id"])
    out = pd.DataFrame(index=pd.RangeIndex(len(records)))
    for name in frame.columns.drop("record_id"):
        column = frame[name]
        if name == "birth_date":
            dates = pd.to_datetime(column, errors="coerce", format="mixed").dt.normalize()
            full = pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns]")
            full.iloc[pos] = dates.to_numpy(dtype="datetime64[ns]")
            out["birth_date"] = full
            out["birth_year"] = full.dt.year.astype("Int64")
            continue
        text = column.astype("string").str.normalize("NFKC").str.casefold()
        junk = r"\D" if name == "postcode" else r"[\s\W_]+"
        text = text.str.replace(junk, "", regex=True).replace("", pd.NA)
        full = pd.Series(pd.NA, index=out.index, dtype="string")
        full.iloc[pos] = text.to_numpy()
        out[name] = full
    return out


def _block_pairs(keys: pd.DataFrame, max_block_size: int) -> tuple[np.ndarray, int]:
    """All (i, j), i < j, of rows sharing every block key, built with repeat/cumsum arithmetic."""
    keys = keys.dropna()
    block = keys.groupby(list(keys.columns), sort=False).ngroup().to_numpy()
    sizes = np.bincount(block) if len(block) else np.zeros(0, dtype=np.int64)
    ok = sizes[block] <= max_block_size
    skipped = int((sizes > max_block_size).sum())
    order = np.argsort(block[ok], kind="stable")
    members = keys.index.to_numpy()[ok][order]
    blocks = block[ok][order]
    end = np.searchsorted(blocks, blocks, side="right")
    after = end - np.arange(len(blocks)) - 1  # partners after each member in its block
    i = np.repeat(np.arange(len(blocks)), after)
    offset = np.arange(len(i)) - np.repeat(np.cumsum(after) - after, after)
    j = i + 1 + offset
    left, right = members[i], members[j]
    return np.column_stack([np.minimum(left, right), np.maximum(left, right)]), skipped


def _field_similarities(fields: pd.DataFrame, left: np.ndarray, right: np.ndarray):
    """(field, similarity per pair in [0, 1], NaN where either record lacks the field)."""
    for name in FUZZY_FIELDS:
        if name not in fields:
            continue
        if name == "birth_date":
            yield name, _date_similarity(fields[name], left, right)
        elif name == "postcode":
            a, b = fields[name].to_numpy()[left], fields[name].to_numpy()[right]
            missing = pd.isna(a) | pd.isna(b)
            yield name, np.where(missing, np.nan, (a == b).astype(float))
        else:
            yield name, _text_similarity(fields[name], left, right)


def _date_similarity(dates: pd.Series, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """1 same date; 0.5 same year and month, or day and month swapped (typing slips); else 0."""
    year = dates.dt.year.to_numpy(dtype=float, na_value=np.nan)
    month = dates.dt.month.to_numpy(dtype=float, na_value=np.nan)
    day = dates.dt.day.to_numpy(dtype=float, na_value=np.nan)
    ya, yb, ma, mb, da, db = (
        year[left],
        year[right],
        month[left],
        month[right],
        day[left],
        day[right],
    )
    same = (ya == yb) & (ma == mb) & (da == db)
    near = (ya == yb) & ((ma == mb) | ((ma == db) & (da == mb)))
    score = np.where(same, 1.0, np.where(near, 0.5, 0.0))
    return np.where(np.isnan(ya) | np.isnan(yb), np.nan, score)


def _text_similarity(text: pd.Series, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """1 - Levenshtein distance / longer length, for every pair at once (NaN if a side is NA)."""
    present = text.notna().to_numpy()
    lengths = text.str.len().fillna(0).clip(upper=_MAX_TEXT).to_numpy(dtype=np.int64)
    width = max(int(lengths.max()) if len(lengths) else 0, 1)
    padded = text.fillna("").str.slice(0, _MAX_TEXT).to_numpy(dtype=f"<U{width}")
    codes = padded.view(np.uint32).reshape(len(text), width)
    result = np.full(len(left), np.nan)
    both = present[left] & present[right]
    chunk = 100_000
    index = np.nonzero(both)[0]
    for start in range(0, len(index), chunk):
        part = index[start : start + chunk]
        a, b = left[part], right[part]
        distance = _levenshtein(codes[a], lengths[a], codes[b], lengths[b])
        longest = np.maximum(np.maximum(lengths[a], lengths[b]), 1)
        result[part] = 1.0 - distance / longest
    return result


def _levenshtein(a: np.ndarray, la: np.ndarray, b: np.ndarray, lb: np.ndarray) -> np.ndarray:
    """Edit distance of many string pairs: the DP table is filled for all pairs in lockstep."""
    m, width = a.shape
    rows = np.arange(m)
    previous = np.tile(np.arange(width + 1), (m, 1))
    distance = lb.copy()  # rows where a is empty: distance = len(b)
    for i in range(1, width + 1):
        current = np.empty_like(previous)
        current[:, 0] = i
        substitution = previous[:, :-1] + (a[:, i - 1 : i] != b)
        best = np.minimum(previous[:, 1:] + 1, substitution)
        for j in range(1, width + 1):
            current[:, j] = np.minimum(best[:, j - 1], current[:, j - 1] + 1)
        done = la == i
        distance[done] = current[rows[done], lb[done]]
        previous = current
    return distance
