"""Identity resolution: exact and fuzzy linking, the over-merge guard, pairwise evaluation."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console.errors import ValidationError
from console.services.identity_resolution import (
    FuzzyConfig,
    _levenshtein,
    anonymous_share,
    evaluate_clusters,
    resolve_identities,
    resolve_records,
)

# Nine people, fourteen records. Truth: the person each record belongs to.
RECORDS = pd.DataFrame(
    [
        # id, phone, email, card, name, birth, postcode, person
        (1, "138 1234 5678", None, "VIP-00101", "张伟", "1980-01-02", "200001", "P1"),
        (2, "+86 13812345678", "Zhang.Wei@QQ.com", None, None, None, None, "P1"),
        (3, None, "zhang.wei@qq.com", None, None, None, None, "P1"),
        (4, "13987654321", None, None, "李娜", "1990-05-05", "200002", "P2"),
        (5, None, None, "00202", "李 娜", "1990-05-05", "200002", "P2"),
        (6, "13700001111", None, None, "王芳", None, None, "P3"),
        (7, None, "wf@163.com", None, "王芳", None, None, "P3"),
        (8, None, None, "A-0042", None, None, None, "P4"),
        (9, None, None, "a42", None, None, None, "P4"),
        (10, "021-62345678", None, None, "赵敏", "1970-01-01", "200003", "P5"),
        (11, "021 6234 5678", None, None, "钱多多", "1971-02-02", "200003", "P6"),
        (12, "(021) 62345678", None, None, "孙悟", "1972-03-03", "200003", "P7"),
        (13, None, "family@qq.com", None, "周杰", "1985-06-06", "100001", "P8"),
        (14, None, "family@qq.com", None, "周琳", "1987-07-07", "100001", "P9"),
    ],
    columns=["id", "phone", "email", "card", "name", "birth", "postcode", "person"],
)
EXACT = {"phone": "phone", "email": "email", "card": "member_card"}
FUZZY = {"name": "name", "birth": "birth_date", "postcode": "postcode"}
TRUTH = RECORDS.rename(columns={"id": "record_id", "person": "entity_id"})[
    ["record_id", "entity_id"]
]


def _groups(clusters: pd.DataFrame) -> set[frozenset]:
    return {frozenset(g) for g in clusters.groupby("customer_id")["record_id"].apply(list)}


def test_hand_made_records_resolve_to_the_expected_customers():
    resolution = resolve_records(RECORDS, "id", exact=EXACT, fuzzy=FUZZY, max_records_per_value=2)
    assert _groups(resolution.clusters) == {
        frozenset({1, 2, 3}),  # phone links 1-2, e-mail (case-insensitive) links 2-3
        frozenset({4, 5}),  # no shared identifier: same name, birth date, postcode
        frozenset({6}),  # nothing links 6 and 7: a missed pair
        frozenset({7}),
        frozenset({8, 9}),  # card formats 'A-0042' and 'a42'
        frozenset({10}),  # the shop phone held by three people is not used
        frozenset({11}),
        frozenset({12}),
        frozenset({13, 14}),  # a household e-mail on two records: a wrong pair
    }
    customer = resolution.clusters.set_index("record_id")["customer_id"]
    assert customer[3] == 1 and customer[5] == 4 and customer[14] == 13  # smallest record id
    scores = evaluate_clusters(resolution.clusters, TRUTH)
    # predicted pairs: 3 + 1 + 1 + 1 = 6, correct 5; true pairs 3 + 1 + 1 + 1 = 6.
    assert (scores.predicted_pairs, scores.true_pairs, scores.correct_pairs) == (6, 6, 5)
    assert scores.precision == pytest.approx(5 / 6)
    assert scores.recall == pytest.approx(5 / 6)
    assert scores.f1 == pytest.approx(5 / 6)


def test_report_counts_links_per_identifier_type_and_flags():
    report = resolve_records(
        RECORDS, "id", exact=EXACT, fuzzy=FUZZY, max_records_per_value=2
    ).report
    assert (report.n_records, report.n_customers, report.records_linked) == (14, 9, 9)
    by_type = report.links_by_type.set_index("id_type")
    assert by_type.loc["phone", "records_linked"] == 2
    assert by_type.loc["phone", "flagged_values"] == 1
    assert by_type.loc["email", "records_linked"] == 4  # 2-3 and 13-14
    assert by_type.loc["member_card", "records_linked"] == 2
    assert report.flagged.to_dict("records") == [
        {"id_type": "phone", "value": "02162345678", "records": 3}
    ]
    assert report.fuzzy_links == 1 and report.fuzzy_records_linked == 2
    assert report.cluster_sizes.set_index("size")["customers"].to_dict() == {1: 5, 2: 3, 3: 1}


def test_over_merge_guard_is_what_keeps_the_shop_phone_apart():
    guarded = resolve_records(RECORDS, "id", exact=EXACT, max_records_per_value=2)
    unguarded = resolve_records(RECORDS, "id", exact=EXACT, max_records_per_value=3)
    assert frozenset({10, 11, 12}) not in _groups(guarded.clusters)
    assert frozenset({10, 11, 12}) in _groups(unguarded.clusters)
    assert unguarded.report.flagged.empty
    per_type = resolve_records(
        RECORDS, "id", exact=EXACT, max_records_per_value={"phone": 2, "default": 10}
    )
    assert _groups(per_type.clusters) == _groups(guarded.clusters)


def test_oversized_clusters_are_reported_not_split():
    resolution = resolve_records(
        RECORDS, "id", exact=EXACT, max_records_per_value=2, max_cluster_size=2
    )
    assert resolution.report.oversized.to_dict("records") == [{"customer_id": 1, "records": 3}]
    assert frozenset({1, 2, 3}) in _groups(resolution.clusters)


def test_fuzzy_linking_is_needed_for_records_without_shared_identifiers():
    exact_only = resolve_records(RECORDS, "id", exact=EXACT, max_records_per_value=2)
    assert frozenset({4, 5}) not in _groups(exact_only.clusters)
    strict = resolve_records(
        RECORDS,
        "id",
        exact=EXACT,
        fuzzy=FUZZY,
        fuzzy_config=FuzzyConfig(threshold=1.01),
        max_records_per_value=2,
    )
    assert frozenset({4, 5}) not in _groups(strict.clusters)
    assert strict.report.fuzzy_pairs_compared >= 1


def test_fuzzy_blocks_above_the_size_cap_are_skipped():
    crowd = pd.DataFrame(
        {
            "id": range(1, 6),
            "name": ["张伟"] * 5,
            "birth": ["1980-01-02"] * 5,
            "postcode": ["200001"] * 5,
        }
    )
    capped = resolve_records(
        crowd, "id", exact={}, fuzzy=FUZZY, fuzzy_config=FuzzyConfig(max_block_size=4)
    )
    assert capped.report.fuzzy_blocks_skipped == 1
    assert capped.report.n_customers == 5
    allowed = resolve_records(crowd, "id", exact={}, fuzzy=FUZZY)
    assert allowed.report.n_customers == 1
    assert allowed.report.fuzzy_pairs_compared == 10


def test_fuzzy_linking_needs_a_block_field():
    with pytest.raises(ValidationError, match="block"):
        resolve_records(RECORDS, "id", exact={}, fuzzy={"name": "name"})


def test_customer_ids_do_not_depend_on_row_order():
    first = resolve_records(RECORDS, "id", exact=EXACT, fuzzy=FUZZY, max_records_per_value=2)
    shuffled = RECORDS.sample(frac=1, random_state=3).reset_index(drop=True)
    second = resolve_records(shuffled, "id", exact=EXACT, fuzzy=FUZZY, max_records_per_value=2)
    pd.testing.assert_frame_equal(first.clusters, second.clusters)


def test_long_identities_and_records_without_identifiers():
    identities = pd.DataFrame(
        {
            "record_id": ["c", "a", "b", "d"],
            "id_type": ["phone", "phone", "email", "wechat_openid"],
            "value": ["13812345678", "+86 138-1234-5678", "x@qq.com", "oAbCdEfGhIjKlMnOpQ"],
        }
    )
    resolution = resolve_identities(identities, record_ids=["a", "b", "c", "d", "e"])
    assert resolution.clusters.to_dict("list") == {
        "record_id": ["a", "b", "c", "d", "e"],
        "customer_id": ["a", "b", "a", "d", "e"],
    }


def test_prenormalised_values_are_used_as_given():
    identities = pd.DataFrame(
        {
            "record_id": [1, 2],
            "id_type": ["phone", "phone"],
            "value": ["+8613812345678", "13812345678"],
        }
    )
    assert resolve_identities(identities).report.n_customers == 1
    assert resolve_identities(identities, normalized=True).report.n_customers == 2


def test_record_ids_must_be_of_one_kind():
    identities = pd.DataFrame(
        {"record_id": [1, "x"], "id_type": ["phone", "phone"], "value": ["13812345678"] * 2}
    )
    with pytest.raises(ValidationError, match="mix numbers and text"):
        resolve_identities(identities)


def test_evaluation_refuses_different_record_sets():
    clusters = pd.DataFrame({"record_id": [1, 2], "customer_id": [1, 1]})
    truth = pd.DataFrame({"record_id": [1, 3], "entity_id": ["a", "a"]})
    with pytest.raises(ValidationError) as error:
        evaluate_clusters(clusters, truth)
    assert "2 record_id(s) appear in only one" in error.value.problem
    duplicated = pd.DataFrame({"record_id": [1, 1], "entity_id": ["a", "b"]})
    with pytest.raises(ValidationError, match="repeated"):
        evaluate_clusters(clusters, duplicated)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), min_size=1, max_size=25))
def test_pairwise_scores_match_counting_every_pair(labels):
    clusters = pd.DataFrame(
        {"record_id": range(len(labels)), "customer_id": [p for p, _ in labels]}
    )
    truth = pd.DataFrame({"record_id": range(len(labels)), "entity_id": [t for _, t in labels]})
    scores = evaluate_clusters(clusters, truth)
    pairs = list(itertools.combinations(labels, 2))
    predicted = sum(a[0] == b[0] for a, b in pairs)
    true = sum(a[1] == b[1] for a, b in pairs)
    correct = sum(a[0] == b[0] and a[1] == b[1] for a, b in pairs)
    assert (scores.predicted_pairs, scores.true_pairs, scores.correct_pairs) == (
        predicted,
        true,
        correct,
    )
    assert scores.precision == (correct / predicted if predicted else 1.0)
    assert scores.recall == (correct / true if true else 1.0)


def _reference_levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.text("abc张伟", max_size=7), st.text("abc张伟", max_size=7)), min_size=1)
)
def test_vectorised_edit_distance_matches_the_textbook_one(pairs):
    width = max(1, *(len(s) for pair in pairs for s in pair))

    def encode(strings):
        fixed = np.array(strings, dtype=f"<U{width}")
        return fixed.view(np.uint32).reshape(len(strings), width), np.array(
            [len(s) for s in strings]
        )

    a, la = encode([p[0] for p in pairs])
    b, lb = encode([p[1] for p in pairs])
    assert _levenshtein(a, la, b, lb).tolist() == [_reference_levenshtein(x, y) for x, y in pairs]


def test_anonymous_share_overall_and_per_channel():
    customer = pd.Series([1, None, 2, None, None])
    channel = pd.Series(["store", "store", "web", "web", "store"])
    assert anonymous_share(customer)["all"] == pytest.approx(0.6)
    assert anonymous_share(customer, channel).to_dict() == pytest.approx(
        {"store": 2 / 3, "web": 0.5}
    )
