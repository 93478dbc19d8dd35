"""Boilerplate removal and paragraph assembly (every format), and plain-text headers.

Each body line is story, JUNK (removed anywhere) or TAIL (removed only in the trailing run after
the story). Rules are shapes and phrase families, never particular files' lines; when a line might
be story text it is kept.
- JUNK: comment forms ("Leave a Reply", "Your email address will not be published"...); section
  headers alone on a line ("Recommended Articles", "Most Popular", "You May Also Like", "Share
  this:", "Advertisement"...) and the short link-like lines under a list header; "Click here" /
  "Read more" / "Continue reading" lines; photo captions and credits ("Photo: ...", "(Photo:
  Reuters)", "...: AP Images"); syndication disclaimers; "From the Desk of X"; brand + social
  network lines; "Sign up for our newsletter" calls; copyright lines; the title repeated (also
  after breadcrumbs, "HomeWorld<title>"); `Source: X` (-> source; empty `Source :` just dropped);
  `Tags: a, b` (-> tags).
- TAIL: newsletter blurbs, ads closing with a call to action ("Visit X right now."), "originally
  published" notes; and a final short Title-Case line with no sentence punctuation after a
  finished sentence (an unrelated headline tacked on by a scraper).
Paragraphs: blank lines separate them. Within a block, mode "lines" makes each line a paragraph;
"md" and hard-wrapped text join lines with spaces; scraped text ("txt") breaks at each line unless
it stops mid-sentence (no end punctuation, next line in lower case). List items stay together one
per line. A sentence end glued to a common opener ("to.In fact") gets its space back.
Header (`split_txt`): in the first lines, a date line -> date, a byline ("By: X", "BY X", "Written
by X", "Posted on <date> by X") -> author; breadcrumbs and junk skipped; the first other line is
the title. A title that reads as a full sentence (a scraped lede) stays in the body too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from index.ingest.formats import RawDoc, parse_date, parse_date_line
from index.ingest.paragraphs import split_long

_SENTENCE_END_RE = re.compile(r"[.!?…:;][\"”’')\]]*$")
_LIST_ITEM_RE = re.compile(r"^(?:[-*•●▪‣◦–]\s+|\d{1,3}[.)]\s+|[a-z][.)]\s+)")
_ASCII_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})

_EXACT_JUNK_RE = re.compile(
    r"(?:recommended(?: articles| stories| posts| for you| reading)?|related(?: articles| posts"
    r"| stories| news| content| coverage| reading| topics| links)?|read next|up next|what to read"
    r" next|more (?:stories|news|articles|to read|from [\w .'&-]{1,40})|most (?:popular|read"
    r"|viewed|shared|commented)(?: (?:posts|articles|stories|this week|today))?|popular(?: posts"
    r"| articles| stories| now)?|recent (?:comments|posts|articles|stories)|latest(?: news| posts"
    r"| articles| stories| headlines)?|trending(?: now| stories| articles| topics| news)?"
    r"|you (?:may|might) (?:also )?(?:like|enjoy|be interested in)|also read|see also"
    r"|don'?t miss|editor'?s picks?|top stories|in case you missed it|further reading"
    r"|(?:share|tweet|email|print|pin|save)(?: (?:this|it))?(?: (?:article|story|post|page))?"
    r"|share (?:on|via) [\w ]{1,20}|copy link|advertisements?|sponsored(?: content| links?)?"
    r"|story continues below(?: advertisement)?|continue reading(?: below)?"
    r"|scroll (?:down )?to continue(?: with content)?|skip to (?:main )?content|toggle navigation"
    r"|menu|search|home|log ?in|sign ?in|register|subscribe(?: now)?|like this|(?:like )?loading"
    r"(?:\.\.\.|…)?|comments?|\d+ comments?|no comments(?: yet)?|(?:view|show|hide) comments"
    r"|leave a (?:reply|comment)(?: cancel reply)?|cancel reply|post comment|submit|reply"
    r"|listen to (?:this )?(?:article|story)|\d+ min(?:ute)?s? read|reading time:? [\w ]{1,20}"
    r"|back to top|follow us|(?:name|e-?mail|website|comment|message)\s*\*|Δ|(?:updated |posted "
    r"|published )?\d+ (?:seconds?|minutes?|mins?|hours?|days?|weeks?) ago"
    r"|[-*_=~•·#|+]{2,}|[•·])\s*[:.!]?",
    re.IGNORECASE,
)
_LIST_HEADER_RE = re.compile(
    r"(?:recommended|related|read next|up next|more (?:stories|news|articles|from)|most "
    r"(?:popular|read|viewed|shared|commented)|popular|recent|latest|trending|you (?:may|might)"
    r"|also read|see also|don'?t miss|editor'?s pick|top stories|in case you missed)",
    re.IGNORECASE,
)
_CONTAINS_JUNK_RE = re.compile(
    r"your email address will not be published|required fields are marked|please enter your "
    r"(?:comment|name|email)|you have entered an incorrect email|this site uses akismet|learn how "
    r"your comment data is processed|save my name,? email,? and website|notify me of (?:follow-up"
    r"|new) (?:comments|posts)|you must be (?:logged in|registered) to post a comment|comments are"
    r" closed|syndicated feed|has not been edited by [\w ]{1,30} staff|all rights reserved"
)  # matched against the lower-cased line
_START_JUNK_RE = re.compile(
    r"(?:\(?click here\b|read (?:more|also)\s*(?:[:»>…]|\.\.\.|$|\b(?:about|at|on|here|from|in"
    r"|stories|news|articles)\b)|see also\b|continue reading\b|read the (?:full|entire"
    r"|original|complete|rest of the) (?:article|story|report|post)|(?:also read|related|read "
    r"next|more|watch|listen)\s*:|from the desk of\b|(?:©|\(c\)|copyright)\s*(?:\d{4}|©)"
    r"|(?:sign up|subscribe)\b.{0,120}\b(?:newsletter|inbox|e-?mail|updates)\b|(?:photo|image"
    r"|picture|photograph|illustration|graphic|caption|photo credit|image credit|image "
    r"source|featured image|top image|file photo|pictured|video)s?\s*(?:\([^)]{0,40}\))?\s*:"
    r"|\(?(?:AP|AFP|Reuters|Getty Images|EPA|Xinhua|Shutterstock|Bloomberg)\s*(?:Photo|Images?|/)"
    r"|credits?\s*:(?=(?:\s*\S+){0,12}\s*$)|(?:image|photo|video) (?:source|caption)\s*,"
    r"|posted in\b(?=(?:\s*\S+){0,20}\s*$))",
    re.IGNORECASE,
)
_END_JUNK_RE = re.compile(
    r"(?:\((?:photo|image|picture|photograph|credit)s?\b[^()]{0,80}\)|:\s*(?:AP|AFP|Reuters|Getty|"
    r"EPA|Xinhua)(?: Images| Photo)?)$",
    re.IGNORECASE,
)
_NEWSLETTER_RE = re.compile(  # matched against the lower-cased line
    r"newsletter|mailing list|member update|delivered (?:straight |directly )?to your inbox"
    r"|(?:subscribe|sign up|signup|register)\b.{0,40}\b(?:our|free|today|now|here|updates"
    r"|alerts)\b|(?:join|follow) (?:us|our)\b.{0,40}\b(?:channel|telegram|whatsapp|facebook|twitter"
    r"|instagram|page|group)\b"
)
_PROMO_CUE_RE = re.compile(r"\b(?:you|your|our|we|us|free|every (?:day|week|monday|morning))\b")
_AD_RE = re.compile(  # matched against the lower-cased end of the line: a closing imperative
    r"(?:^|[.!?]\s+)(?:visit|click|shop|buy|order|try|download|join|call|get|register|sign up"
    r"|apply|act)\b[^.!?]{0,80}\b(?:right now|now|today|here)\s*[.!]?$"
)
_ORIGINALLY_RE = re.compile(
    r"^(?:this (?:article|story|post) (?:was|is|first) (?:originally )?(?:published|appeared)"
    r"|originally published (?:on|at|by|in)|disclaimer\s*:)",
    re.IGNORECASE,
)
_SOURCE_RE = re.compile(r"^sources?\s*:\s*(.*)$", re.IGNORECASE)
_TAGS_RE = re.compile(r"^(?:tags|tagged(?: with)?|keywords|topics|filed under)\s*:\s*(.*)$", re.I)
_SOCIAL = frozenset(
    "facebook twitter x youtube rss feed instagram linkedin pinterest telegram whatsapp reddit "
    "tiktok email e-mail gab rumble parler flipboard mastodon threads tumblr vk truth social "
    "gettr minds bitchute odysee substack print share tweet".split()
)
_CONNECTORS = frozenset("follow us on share via and or the with like subscribe join at in".split())
_BREADCRUMB_RE = re.compile(r"[A-Z][\w&'.]*(?:[\s>»›/|:·\-]*[A-Z][\w&'.]*)*[\s>»›/|:·\-]*")
_SEPARATED_CRUMBS_RE = re.compile(r"^(?:[^>»›]{1,30}\s*[>»›]\s*){2,}(?P<title>[^>»›]+)$")
_GLUED_RE = re.compile(
    r"\b([A-Za-z]*[a-z]{2}[.!?])((?:The|This|That|These|Those|It|Its|In|He|She|They|We|But|And"
    r"|However|Therefore|Especially|Just|Also|So|As|At|On|For|If|When|While|After|Before|His|Her"
    r"|Their|Our|There|What|Why|How|Meanwhile|Moreover|Furthermore|Thus|Yet|Still|Now|Then|Since"
    r"|Although|Though|Because|Even|According|Both|Many|Some|Most|Such)\b)"
)
_GLUED_HINT_RE = re.compile(r"[a-z][.!?][A-Z]")
_BYLINE_RE = re.compile(
    r"^(?:(?:written|posted|reported|words|story|text)\s+by|by|authors?|byline)\b\s*[:\-–—]?\s*"
    r"(?P<rest>\S.*)$",
    re.IGNORECASE,
)
_GENERIC_AUTHORS = frozenset(
    "admin|administrator|staff|editor|editors|guest|anonymous|unknown|web desk|news desk"
    "|editorial team|editorial board|newsroom|staff writer|staff reporter".split("|")
)
_DATE_BY_RE = re.compile(
    r"^(?:(?:posted|published|updated)(?:\s+on)?\s+)?(?P<date>[\w ,.:/-]{6,40}?)\s+(?:by|\|)\s+"
    r"(?:by\b:?\s*)?(?P<name>\S.*)$",
    re.IGNORECASE,
)
_NAME_RE = re.compile(
    r"(?:(?:[A-ZÀ-ÖØ-Þ][\w'’.\-]*|[A-Z]\.|de|da|di|du|del|della|der|den|van|von|bin|al|el|la|le"
    r"|y|and|&)(?:,?\s+|$))+"
)
_BYLINE_SEP_RE = re.compile(r"\s*(?:[|•·—–]|\s-\s|\bon\b|\bupdated\b|\bpublished\b)\s*", re.I)
_ROLE_RE = re.compile(
    r",\s*(?:[\w ]*\b(?:reporter|correspondent|writer|editor|staff|contributor|columnist)\b.*)$",
    re.IGNORECASE,
)


def _norm(s: str) -> str:  # for comparing titles
    return " ".join(s.translate(_ASCII_QUOTES).casefold().split()).rstrip(".!?:;")


def ends_sentence(line: str) -> bool:
    return _SENTENCE_END_RE.search(line) is not None


def is_sentence_like(line: str) -> bool:
    """A line that reads as a finished sentence of story text (not a headline)."""
    words = line.count(" ") + 1
    return (words >= 15 or len(line) >= 120) and ends_sentence(line)


def _is_social_line(line: str) -> bool:
    """A brand and/or social network names only ("JBS Facebook JBS Twitter JBS RSS Feed")."""
    if line.count(" ") >= 20:
        return False
    words = [w for w in (w.strip(",.:;|·•-").lower() for w in line.split()) if w]
    social = sum(1 for w in words if w in _SOCIAL)
    others = {w for w in words if w not in _SOCIAL and w not in _CONNECTORS}
    return (social >= 2 and len(others) <= 1) or (social >= 1 and not others)


def _is_headline(line: str) -> bool:
    """Short Title-Case line without sentence punctuation ("Michael Cohen Is Accused Of ...")."""
    if ends_sentence(line) or line.endswith(('"', "”", ",")):
        return False
    words = line.split()
    alpha = [w for w in words if w[0].isalpha()]
    if not 5 <= len(words) <= 16 or len(alpha) < 4:
        return False
    caps = sum(1 for w in alpha if w[0].isupper())
    long_ok = all(w[0].isupper() for w in alpha if len(w.strip(",:;'\"")) >= 4)
    return long_ok and caps >= 0.7 * len(alpha)


@dataclass
class Cleaned:
    """A body after boilerplate removal, plus metadata found in credit lines."""

    body: str
    source: str = ""
    url: str = ""
    tags: list[str] = field(default_factory=list)


class _Classifier:
    def __init__(self, title: str) -> None:
        self.title = _norm(title) if title and not is_sentence_like(title) else ""
        self.source = ""
        self.url = ""
        self.tags: list[str] = []

    def is_title_repeat(self, line: str) -> bool:
        if not self.title or len(line) > len(self.title) + 64:
            return False
        n = _norm(line)
        if n == self.title:
            return True
        if n.endswith(self.title) and len(n) - len(self.title) <= 60:
            raw = line.rstrip(".!?:;")
            prefix = raw[: len(raw) - len(self.title)].strip()
            return _BREADCRUMB_RE.fullmatch(prefix) is not None
        return False

    def junk(self, line: str) -> bool:
        """Removed wherever it appears."""
        words = line.count(" ") + 1
        if (len(line) <= 64 and _EXACT_JUNK_RE.fullmatch(line)) or self.is_title_repeat(line):
            return True
        m = _SOURCE_RE.match(line)
        if m and words <= 14:
            value = m.group(1).strip().rstrip(".")
            if value and not self.source:
                if value.startswith(("http://", "https://", "www.")):
                    self.url = self.url or value
                    value = urlsplit(value if "//" in value else "//" + value).hostname or ""
                    value = value.removeprefix("www.")
                self.source = value
            return True
        m = _TAGS_RE.match(line)
        if m and words <= 30:
            self.tags.extend(t.strip() for t in m.group(1).split(",") if t.strip())
            return True
        if words <= 40 and _CONTAINS_JUNK_RE.search(line.lower()):
            return True
        if words <= 60 and (_START_JUNK_RE.match(line) or _END_JUNK_RE.search(line[-120:])):
            return True
        return _is_social_line(line)

    @staticmethod
    def tail(line: str) -> bool:
        """Removed only in the trailing run after the story."""
        words = line.count(" ") + 1
        if words > 80:
            return False
        low = line.lower()
        if _NEWSLETTER_RE.search(low) and _PROMO_CUE_RE.search(low):
            return True
        return words <= 40 and (_AD_RE.search(low[-150:]) or _ORIGINALLY_RE.match(line)) is not None


JUNK, TAIL, STORY = 0, 1, 2


def _link_like(line: str) -> bool:
    return line.count(" ") < 20 and not line.endswith(".")


def clean_body(text: str, *, title: str = "", mode: str = "txt") -> Cleaned:
    """Remove boilerplate lines from `text` and assemble paragraphs (see module doc)."""
    clf = _Classifier(title)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    kinds: list[int] = []
    after_list_header = 0
    for line in lines:
        if not line:
            kinds.append(STORY)
            continue
        if after_list_header and _link_like(line):
            after_list_header -= 1
            kinds.append(JUNK)
            continue
        after_list_header = 0
        if clf.junk(line):
            kinds.append(JUNK)
            if _EXACT_JUNK_RE.fullmatch(line) and _LIST_HEADER_RE.match(line):
                after_list_header = 10
        else:
            kinds.append(TAIL if clf.tail(line) else STORY)
    keep = [k == TAIL or (k == STORY and bool(ln)) for ln, k in zip(lines, kinds, strict=True)]
    _cut_tail(lines, kinds, keep)
    blocks: list[list[str]] = [[]]
    for line, kept in zip(lines, keep, strict=True):
        if not line:
            if blocks[-1]:
                blocks.append([])
        elif kept:
            blocks[-1].append(line)
    paragraphs = assemble(blocks, mode)
    body = "\n\n".join(
        part
        for p in paragraphs
        for part in split_long(_GLUED_RE.sub(r"\1 \2", p) if _GLUED_HINT_RE.search(p) else p)
    )
    return Cleaned(body=body, source=clf.source, url=clf.url, tags=clf.tags)


def _cut_tail(lines: list[str], kinds: list[int], keep: list[bool]) -> None:
    """Drop the trailing run of TAIL lines and final tacked-on headlines."""
    idx = [i for i, line in enumerate(lines) if line and keep[i]]
    while idx:
        last = idx.pop()
        if kinds[last] != TAIL:
            prev = lines[idx[-1]] if idx else ""
            if not (_is_headline(lines[last]) and ends_sentence(prev) and prev.count(" ") >= 7):
                return
        keep[last] = False


def _looks_hard_wrapped(blocks: list[list[str]]) -> bool:
    inner = [ln for b in blocks for ln in b[:-1] if not _LIST_ITEM_RE.match(ln)]
    if len(inner) < 3 or max(len(ln) for ln in inner) > 100:
        return False
    open_ended = sum(1 for ln in inner if not ends_sentence(ln))
    return open_ended * 2 >= len(inner)


def assemble(blocks: list[list[str]], mode: str) -> list[str]:
    """Lines grouped in blank-line blocks -> paragraphs (see module doc)."""
    wrapped = mode == "md" or (mode == "txt" and _looks_hard_wrapped(blocks))
    paragraphs: list[str] = []
    for block in blocks:
        cur = ""
        cur_list = False
        for line in block:
            item = _LIST_ITEM_RE.match(line) is not None
            if not cur:
                cur, cur_list = line, item
            elif item:
                if cur_list:
                    cur += "\n" + line
                else:
                    paragraphs.append(cur)
                    cur, cur_list = line, True
            elif mode != "lines" and (wrapped or (line[0].islower() and not ends_sentence(cur))):
                if cur.endswith("-") and cur[-2:-1].isalpha() and line[0].islower():
                    cur += line
                else:
                    cur += " " + line
            else:
                paragraphs.append(cur)
                cur, cur_list = line, False
        if cur:
            paragraphs.append(cur)
    return paragraphs


# ---------------------------------------------------------------- plain-text header


def _byline(line: str) -> tuple[str, str | None] | None:
    """(author, date or None) when the line is a byline."""
    m = _DATE_BY_RE.match(line)
    if m and (found := parse_date_line(m.group("date"))):
        by = _byline("By " + m.group("name"))
        return (by[0] if by else "", found)
    m = _BYLINE_RE.match(line)
    if not m or len(line) > 120:
        return None
    parts = [p for p in _BYLINE_SEP_RE.split(m.group("rest")) if p and p.strip(" ,")]
    if not parts:
        return None
    name = _ROLE_RE.sub("", parts[0].strip(" ,"))
    if not _NAME_RE.fullmatch(name + " ") or name.count(" ") > 8 or name.lower() in ("the", "a"):
        return None
    found = None
    for part in parts[1:]:
        found = parse_date(part)
        if found is None:
            return None  # trailing text that is not a date: not a clean byline
    if name.isupper() and " " in name:
        name = re.sub(r"[A-Za-z]+", lambda w: w.group(0).capitalize(), name.lower())
        name = re.sub(r"(?<=['’-])[a-z]", lambda c: c.group(0).upper(), name)
    name = name.strip(" ,")
    return ("" if name.lower() in _GENERIC_AUTHORS else name), found


def split_txt(text: str, max_header: int = 8) -> RawDoc:
    """Plain text -> RawDoc: title, byline, date header taken from the top (see module doc)."""
    lines = text.split("\n")
    doc = RawDoc(mode="txt")
    clf = _Classifier("")
    drop: set[int] = set()
    seen = 0
    for i, raw in enumerate(lines):
        line = " ".join(raw.split())
        if not line:
            continue
        seen += 1
        if seen > max_header:
            break
        if doc.date is None and (found := parse_date_line(line)):
            doc.date = found
            drop.add(i)
            continue
        # before the title, "By Royal Appointment" is more likely a headline than a byline
        maybe_byline = doc.title or line[:3].lower() != "by "
        if not doc.author and maybe_byline and (by := _byline(line)):
            doc.author, found_date = by
            doc.date = doc.date or found_date
            drop.add(i)
            continue
        if doc.title:
            if is_sentence_like(line) or line.count(" ") >= 25:
                break  # the story has begun
            continue
        if _SOURCE_RE.match(line):
            continue  # left for clean_body, which reads the credit
        if clf.junk(line):
            drop.add(i)
            continue
        doc.title = _title_from(line, lines[i + 1 : i + 12])
        if not is_sentence_like(line):
            drop.add(i)
    doc.text = "\n".join(line for i, line in enumerate(lines) if i not in drop)
    return doc


def _title_from(line: str, following: list[str]) -> str:
    """The title in a header line, without breadcrumbs glued or separated before it."""
    for nxt in following:
        nxt = " ".join(nxt.split())
        if len(nxt) >= 12 and line.endswith(nxt) and len(line) > len(nxt):
            prefix = line[: -len(nxt)].strip()
            if _BREADCRUMB_RE.fullmatch(prefix) and len(prefix) <= 60:
                return nxt
    m = _SEPARATED_CRUMBS_RE.match(line)
    if m and line.count(" ") < 40:
        return m.group("title").strip()
    return line
