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

# Function words (single syllables) and phrases every plan point uses; no content-area signal.
STOPWORDS = frozenset(
    [
        "và",
        "của",
        "các",
        "những",
        "trong",
        "về",
        "cho",
        "với",
        "được",
        "là",
        "có",
        "này",
        "đã",
        "để",
        "theo",
        "tại",
        "từ",
        "trên",
        "một",
        "đến",
        "việc",
        "nhằm",
        "cũng",
        "như",
        "khi",
        "đó",
        "thì",
        "sẽ",
        "đang",
        "hơn",
        "ra",
        "vào",
        "bằng",
        "do",
        "hoặc",
        "mà",
        "nên",
        "năm",
        "gắn",
        "đối",
        "cùng",
        "nhau",
        "đây",
        "ở",
        "lại",
        "rất",
        "đều",
        "chỉ",
        "không",
        "chưa",
        "phải",
        "qua",
        "sau",
        "trước",
        "giữa",
        "mỗi",
        "nhiều",
        "ít",
        "số",
        "ngày",
        "tháng",
    ]
)
STOP_PHRASES = frozenset(
    ["tiếp tục", "thực hiện", "triển khai", "tuyên truyền", "cơ quan", "đơn vị", "ninh thuận",
     "đồng thời"]
)  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Bigrams do not cross punctuation: "…hành chính. Nhà nước…" is not the term "chính nhà".
_CLAUSE = re.compile(r"[.,;:!?()\[\]\"“”'–\-—/\n]+")


def _clauses(text: str) -> list[list[str]]:
    text = new_tone_style(nfc(text)).lower()
    return [_WORD.findall(clause) for clause in _CLAUSE.split(text)]


def terms_of(text: str) -> list[str]:
    """Syllables and adjacent syllable pairs, without stopwords: "cải cách thủ tục" gives
    "cải cách", "cách thủ", "thủ tục" and the syllables; a pair never has a stopword at either
    end and never crosses punctuation."""
    out = []
    for words in _clauses(text):
        for i, word in enumerate(words):
            if word not in STOPWORDS and len(word) > 1:
                out.append(word)
            if i + 1 < len(words):
                nxt = words[i + 1]
                pair = f"{word} {nxt}"
                if word not in STOPWORDS and nxt not in STOPWORDS and pair not in STOP_PHRASES:
                    out.append(pair)
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
        vectors = [
            _unit({t: (1 + math.log(k)) * idf[t] for t, k in c.items() if t in idf}) for c in counts
        ]
        return cls(labels=labels, titles=titles, idf=idf, vectors=vectors)

    def suggest(self, text: str, *, limit: int = 3, min_score: float = 0.02) -> list[Suggestion]:
        counts = Counter(t for t in terms_of(text) if t in self.idf)
        if not counts:
            return []
        article = _unit({t: (1 + math.log(k)) * self.idf[t] for t, k in counts.items()})
        clauses = _clauses(text)
        ranked = []
        for label, title, vector in zip(self.labels, self.titles, self.vectors, strict=True):
            contributions = {t: w * vector[t] for t, w in article.items() if t in vector}
            score = sum(contributions.values())
            if score >= min_score:
                terms = _reason_terms(_phrases(clauses, contributions), contributions)
                ranked.append(Suggestion(label, title, round(score, 4), terms))
        ranked.sort(key=lambda s: (-s.score, s.label))
        return ranked[:limit]


def _phrases(clauses: list[list[str]], contributions: dict[str, float]) -> dict[str, float]:
    """Runs of matched pairs in the article joined into phrases ("tinh giản biên chế" rather
    than "tinh giản", "giản biên", "biên chế"), each weighted by the pairs it contains."""
    phrases: dict[str, float] = {}
    for words in clauses:
        i = 0
        while i < len(words) - 1:
            if f"{words[i]} {words[i + 1]}" not in contributions:
                i += 1
                continue
            j = i
            while j + 1 < len(words) - 1 and f"{words[j + 1]} {words[j + 2]}" in contributions:
                j += 1
            pairs = {f"{words[k]} {words[k + 1]}" for k in range(i, j + 1)}
            phrase = " ".join(words[i : j + 2])
            phrases[phrase] = max(phrases.get(phrase, 0), sum(contributions[p] for p in pairs))
            i = j + 1
    return phrases


def _reason_terms(phrases: dict[str, float], contributions: dict[str, float], limit: int = 5):
    """The strongest phrases, then single syllables that no chosen phrase already shows."""
    chosen = sorted(phrases, key=lambda p: (-phrases[p], p))[:limit]
    shown = {w for p in chosen for w in p.split()}
    singles = sorted(
        (t for t in contributions if " " not in t and t not in shown),
        key=lambda t: (-contributions[t], t),
    )
    return (chosen + singles)[:limit]


def _unit(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in vector.values()))
    return {t: w / norm for t, w in vector.items()} if norm else {}


def suggest_topics(topics, text: str, *, limit: int = 3) -> list[Suggestion]:
    """One call: build the model from `topics` [(label, title, items)] and rank `text`."""
    return SuggestionModel.build(topics).suggest(text, limit=limit)
