"""Content-area suggestions for an article (pure, no Django).

A transparent TF-IDF model built from the plan itself: each content area (topic a, b, c, d, đ,
e, g) is one document made of its title and its points. Terms are Vietnamese syllables and
two-syllable words ("thủ tục", "chuyển đổi số" gives "chuyển đổi" and "đổi số"). A term that
appears in every content area ("tuyên truyền", "cải cách") weighs almost nothing; a term that
only one area uses ("biên chế", "ngân sách") weighs most. An article is scored against each area
by cosine similarity, and the terms that contributed most are returned as the reason, so the
author sees *why* an area is suggested and decides.

    model = SuggestionModel.build([("c", "Cải cách thủ tục hành chính", ["…", "…"]), ...])
    model.suggest("Rút ngắn thời gian giải quyết thủ tục hành chính …")
    → [Suggestion(label="c", title=…, score=0.41, terms=["thủ tục", "giải quyết", …]), …]
"""

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from parcomms.vn.text import new_tone_style, nfc

# Function words and words every plan point uses; they carry no content-area signal.
STOPWORDS = frozenset(
    """
    và của các những trong về cho với được là có này đã để theo tại từ trên một đến việc nhằm
    cũng như khi đó thì sẽ đang hơn ra vào bằng do hoặc mà nên năm gắn đối cùng nhau đây ở
    lại rất đều chỉ không chưa phải qua sau trước giữa mỗi nhiều ít số tiếp tục thực hiện triển
    khai tuyên truyền tổ chức cơ quan đơn vị tỉnh ninh thuận ngày tháng đồng thời
    """.split()
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Bigrams do not cross punctuation: "…hành chính. Nhà nước…" is not the term "chính nhà".
_CLAUSE = re.compile(r"[.,;:!?()\[\]\"“”'–\-—/\n]+")


def _clauses(text: str) -> list[list[str]]:
    text = new_tone_style(nfc(text)).lower()
    return [_WORD.findall(clause) for clause in _CLAUSE.split(text)]


def terms_of(text: str) -> list[str]:
    """Syllables and adjacent syllable pairs, without stopwords (pairs keep a stopword inside
    only when neither end is one: "cải cách thủ tục" gives "cách thủ" but "và" never starts one)."""
    out = []
    for words in _clauses(text):
        for i, word in enumerate(words):
            if word not in STOPWORDS and len(word) > 1:
                out.append(word)
            if i + 1 < len(words):
                nxt = words[i + 1]
                if word not in STOPWORDS and nxt not in STOPWORDS:
                    out.append(f"{word} {nxt}")
    return out


@dataclass(frozen=True)
class Suggestion:
    label: str
    title: str
    score: float
    terms: list[str] = field(default_factory=list)

    @property
    def reason(self) -> str:
        return ", ".join(self.terms)


@dataclass
class SuggestionModel:
    labels: list[str]
    titles: list[str]
    idf: dict[str, float]
    vectors: list[dict[str, float]]  # one tf-idf vector per content area, unit length

    @classmethod
    def build(cls, topics: Iterable[tuple[str, str, Sequence[str]]]) -> "SuggestionModel":
        labels, titles, counts = [], [], []
        for label, title, items in topics:
            labels.append(label)
            titles.append(title)
            # The title names the area; count it twice so its words outweigh a passing mention.
            counts.append(Counter(terms_of(title) * 2 + terms_of("\n".join(items))))
        n = len(counts)
        df = Counter(term for c in counts for term in c)
        idf = {term: math.log((1 + n) / (1 + d)) + 1 for term, d in df.items()}
        # A term in every area gets the smallest idf; drop it altogether (no signal).
        floor = math.log((1 + n) / (1 + n)) + 1
        idf = {t: w for t, w in idf.items() if w > floor}
        vectors = [_unit({t: (1 + math.log(k)) * idf[t] for t, k in c.items() if t in idf}) for c in counts]
        return cls(labels=labels, titles=titles, idf=idf, vectors=vectors)

    def suggest(self, text: str, *, limit: int = 3, min_score: float = 0.02) -> list[Suggestion]:
        counts = Counter(t for t in terms_of(text) if t in self.idf)
        if not counts:
            return []
        article = _unit({t: (1 + math.log(k)) * self.idf[t] for t, k in counts.items()})
        ranked = []
        for label, title, vector in zip(self.labels, self.titles, self.vectors, strict=True):
            contributions = {t: w * vector[t] for t, w in article.items() if t in vector}
            score = sum(contributions.values())
            if score >= min_score:
                top = sorted(contributions, key=lambda t: (-contributions[t], t))
                ranked.append(Suggestion(label, title, round(score, 4), _reason_terms(top)))
        ranked.sort(key=lambda s: (-s.score, s.label))
        return ranked[:limit]


def _reason_terms(terms: list[str], limit: int = 5) -> list[str]:
    """The strongest terms, two-syllable words first (they read as words: "biên chế", not
    "chế"), skipping a syllable already shown inside a chosen pair."""
    chosen: list[str] = []
    for term in [t for t in terms if " " in t] + [t for t in terms if " " not in t]:
        if any(term in c.split() for c in chosen if " " in c) or term in chosen:
            continue
        chosen.append(term)
        if len(chosen) == limit:
            break
    return chosen


def _unit(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in vector.values()))
    return {t: w / norm for t, w in vector.items()} if norm else {}


def suggest_topics(topics, text: str, *, limit: int = 3) -> list[Suggestion]:
    """One call: build the model from `topics` [(label, title, items)] and rank `text`."""
    return SuggestionModel.build(topics).suggest(text, limit=limit)
