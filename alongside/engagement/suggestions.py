"""Theme suggestions: similar free-text answers grouped on this server, so no answer leaves it.

Answers become TF-IDF vectors (words and two-word phrases, common English words left out), are
reduced to at most 100 dimensions (truncated SVD, "latent semantic analysis") and grouped with
mini-batch k-means. Each group is named by the words that weigh most in it. Staff accept, edit or
ignore each suggestion: nothing is coded until they do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy
from sklearn.cluster import MiniBatchKMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

MAX_GROUPS = 12
MIN_ANSWERS = 4


@dataclass
class Group:
    keywords: list[str]
    members: list[int]  # positions in the list of texts given

    @property
    def name(self) -> str:
        return ", ".join(self.keywords[:3]).capitalize()


def group_count(n: int) -> int:
    """About one group per fifty answers, at least two and at most twelve."""
    return max(2, min(MAX_GROUPS, round(math.sqrt(n / 2)), n // 2))


def suggest(texts: list[str], *, groups: int | None = None, seed: int = 0) -> list[Group]:
    if len(texts) < MIN_ANSWERS:
        return []
    # One thread for the maths libraries: on a busy shared server their own threads fight each
    # other and the web processes (measured: 9 s on one thread, 53 s on two, for 10,000 answers).
    with threadpool_limits(limits=1):
        return _suggest(texts, groups, seed)


def _suggest(texts: list[str], groups: int | None, seed: int) -> list[Group]:
    vectorizer = TfidfVectorizer(
        stop_words="english",
        ngram_range=(1, 2),
        min_df=2 if len(texts) >= 50 else 1,
        max_features=20000,
        sublinear_tf=True,
    )
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # nothing but common words
        return []
    k = min(groups or group_count(len(texts)), matrix.shape[0])
    reduced = _reduce(matrix, seed)
    labels = MiniBatchKMeans(n_clusters=k, random_state=seed, n_init=3, batch_size=2048).fit_predict(reduced)
    terms = vectorizer.get_feature_names_out()
    found = []
    for label in range(k):
        members = numpy.flatnonzero(labels == label)
        if len(members) == 0:
            continue
        weights = numpy.asarray(matrix[members].mean(axis=0)).ravel()
        keywords = [str(terms[i]) for i in weights.argsort()[::-1][:5] if weights[i] > 0]
        found.append(Group(keywords, [int(i) for i in members]))
    return sorted(found, key=lambda group: -len(group.members))


def _reduce(matrix, seed: int):
    components = min(100, matrix.shape[1] - 1, matrix.shape[0] - 1)
    if components < 2:
        return matrix
    return normalize(TruncatedSVD(n_components=components, random_state=seed).fit_transform(matrix))
