# German words for newsdesk-extract (see src/lexicon.rs). Sections in [brackets];
# one entry a line; lines starting with # are comments.

[months]
# Month names: forms<TAB>number. The first form is the one dates are written
# with; then other cases, abbreviations, spelling variants.
januar jan jänner	1
februar feb feber	2
märz mär mrz	3
april apr	4
mai	5
juni jun	6
juli jul	7
august aug	8
september sep	9
oktober okt	10
november nov	11
dezember dez	12

[dateline_leads]
# How a byline or dateline line opens (lower case). `word` needs a space
# after it, `stem*` does not.
von
autor*
aktualisiert*
veröffentlicht*

[credit_labels]
# Phrases that make a short dated line a credit wherever they stand (lower case).
veröffentlicht von
geschrieben von

[byline_leads]
# How a one-line byline opens, case as written.
Von

[byline_labels]
# Labels alone before an author's name (lower case).
von
autor

[explicit_leads]
# Openings of an explicit credit line, case as written.
Geschrieben von

[author_words]
# Word stems that speak of the author (lower case).
autor

[promo_openings]
# How promo lines open ("Subscribe to our channel"): regular-expression
# alternatives, case-insensitive, matched at the start of a short line.
abonnieren\s+sie
jetzt\s+abonnieren
folgen\s+sie\s+uns
folge\s+uns
(?:diesen\s+)?artikel\s+teilen
video\s+ansehen
newsletter\s+abonnieren

[promo_whole]
# Promo labels that are the whole line ("Advertisement"): regular-expression
# alternatives, case-insensitive.
werbung
anzeige
teilen
\d+\s+von\s+\d+

[tag_labels]
# Words that open a tag line ("Tags:"): regular-expression alternatives.
schlagwörter
schlagworte
stichwörter
themen

[typo_questions]
# "Found a typo?": openings of a question asking readers to report errors
# (regular-expression alternatives).
(?:tipp)?fehler\s+gefunden

[typo_conditionals]
# "If you find a mistake": openings that count only with a typo request.

[typo_requests]
# Requests to report a typo ("let us know", "press"), anywhere in the line.

[related_strong]
# Labels that open a related link even without a separator ("Read also Headline"):
# regular-expression alternatives.
lesen\s+sie\s+(?:auch|dazu|mehr)

[related_weak]
# Labels that open a related link only with a separator, or as the whole line
# ("Related:", "You may also like"): regular-expression alternatives.
das\s+könnte\s+sie\s+auch\s+interessieren
mehr\s+zum\s+thema
auch\s+interessant
weitere\s+(?:artikel|nachrichten|meldungen)
meistgelesen

[next_phrases]
# "Next article" labels: regular-expression alternatives.
nächste[rs]?\s+(?:artikel|beitrag|nachricht)

[previous_phrases]
# "Previous article" labels: regular-expression alternatives.
vorherige[rs]?\s+(?:artikel|beitrag|nachricht)

[translation_notes]
# "The article is in Russian", "Translated from German": whole-line regular
# expressions, tried in file order, each with a `lang` group naming the language.
(?i)^aus\s+dem\s+(?P<lang>\p{L}+)\s+übersetzt\b.*$
(?i)^(?:übersetzt|übersetzung)\s+aus\s+dem\s+(?P<lang>\p{L}+)\b.*$
(?i)^(?:der\s+)?(?:original|originalartikel|artikel)\s+(?:ist\s+)?(?:auf|in)\s+(?P<lang>\p{L}+)\s*\.?$

[date_labels]
# Labels before the date on a scraped text's date line ("Published:"): regular-
# expression alternatives.
veröffentlicht

[home_words]
# The first step of a breadcrumb ("Home > News"), lower case.
startseite

[rights_reserved]
# "All rights reserved", anywhere in a short line: regular-expression alternatives.
alle\s+rechte\s+vorbehalten

[photo_credits]
# What opens a photo credit ("Photo:", «Фото:»): regular-expression alternatives.
foto
bild
bildquelle

[credit_joins]
# The word joining a photo credit's label to its source ("Photo by"): regular-
# expression alternatives.
von

[comment_words]
# Words for reader comments, in a comment section's house rules: regular-
# expression alternatives.
kommentare?

[moderation_words]
# Words of moderation or approval that make such a line house rules.
moderiert
freigeschaltet

[comment_stems]
# Literal stems one of which a house-rules line must contain (a fast pre-check).
kommentar

[cookie_subjects]
# Who uses cookies in a cookie banner ("we", "this site"): regular-expression alternatives.
diese\s+(?:webseite|website|seite)
wir

[cookie_verbs]
# The banner's verb ("use"): regular-expression alternatives.
verwendet
verwenden
nutzt
nutzen

[cookie_words]
# The word for cookies, with its boundaries: regular-expression alternatives.

[cookie_stems]
# Literal stems one of which a cookie banner must contain (a fast pre-check).

[language_names]
# Prefixes of language names written in this language ("russ" for Russian,
# "англ" for English), lower case: prefix<TAB>ISO 639-1 code. The longest match wins.
weißruss	be
deutsch	de
französ	fr
spanisch	es
polnisch	pl
