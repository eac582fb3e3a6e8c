# Italian words for newsdesk-extract (see src/lexicon.rs). Sections in [brackets];
# one entry a line; lines starting with # are comments.

[months]
# Month names: forms<TAB>number. The first form is the one dates are written
# with; then other cases, abbreviations, spelling variants.
gennaio gen	1
febbraio feb	2
marzo mar	3
aprile apr	4
maggio mag	5
giugno giu	6
luglio lug	7
agosto ago	8
settembre set	9
ottobre ott	10
novembre nov	11
dicembre dic	12

[dateline_leads]
# How a byline or dateline line opens (lower case). `word` needs a space
# after it, `stem*` does not.
di
pubblicato*
aggiornato*

[credit_labels]
# Phrases that make a short dated line a credit wherever they stand (lower case).
pubblicato da
scritto da

[byline_leads]
# How a one-line byline opens, case as written.

[byline_labels]
# Labels alone before an author's name (lower case).

[explicit_leads]
# Openings of an explicit credit line, case as written.
Scritto da

[author_words]
# Word stems that speak of the author (lower case).

[promo_openings]
# How promo lines open ("Subscribe to our channel"): regular-expression
# alternatives, case-insensitive, matched at the start of a short line.
iscriviti
seguici
condividi\s+(?:su|questo)
guarda\s+il\s+video
abbonati\s+(?:a|al|alla|ora)

[promo_whole]
# Promo labels that are the whole line ("Advertisement"): regular-expression
# alternatives, case-insensitive.
pubblicità
condividi
\d+\s+di\s+\d+

[tag_labels]
# Words that open a tag line ("Tags:"): regular-expression alternatives.
parole\s+chiave
argomenti

[typo_questions]
# "Found a typo?": openings of a question asking readers to report errors
# (regular-expression alternatives).
(?:hai\s+)?trovato\s+un\s+errore

[typo_conditionals]
# "If you find a mistake": openings that count only with a typo request.

[typo_requests]
# Requests to report a typo ("let us know", "press"), anywhere in the line.

[related_strong]
# Labels that open a related link even without a separator ("Read also Headline"):
# regular-expression alternatives.
leggi\s+anche

[related_weak]
# Labels that open a related link only with a separator, or as the whole line
# ("Related:", "You may also like"): regular-expression alternatives.
potrebbe\s+interessarti
vedi\s+anche
articoli\s+correlati
altri\s+articoli
(?:i\s+)?più\s+letti

[next_phrases]
# "Next article" labels: regular-expression alternatives.
(?:articolo|notizia)\s+successiv[ao]

[previous_phrases]
# "Previous article" labels: regular-expression alternatives.
(?:articolo|notizia)\s+precedente

[translation_notes]
# "The article is in Russian", "Translated from German": whole-line regular
# expressions, tried in file order, each with a `lang` group naming the language.
(?i)^(?:tradotto|traduzione)\s+(?:dall['’]|dal\s+|da\s+)(?P<lang>\p{L}+)\b.*$
(?i)^(?:articolo|testo)\s+(?:originale\s+)?in\s+(?P<lang>\p{L}+)\s*\.?$

[date_labels]
# Labels before the date on a scraped text's date line ("Published:"): regular-
# expression alternatives.

[home_words]
# The first step of a breadcrumb ("Home > News"), lower case.

[rights_reserved]
# "All rights reserved", anywhere in a short line: regular-expression alternatives.
tutti\s+i\s+diritti\s+riservati

[photo_credits]
# What opens a photo credit ("Photo:", «Фото:»): regular-expression alternatives.
immagine

[credit_joins]
# The word joining a photo credit's label to its source ("Photo by"): regular-
# expression alternatives.
di

[comment_words]
# Words for reader comments, in a comment section's house rules: regular-
# expression alternatives.
commenti

[moderation_words]
# Words of moderation or approval that make such a line house rules.
approvat\S*

[comment_stems]
# Literal stems one of which a house-rules line must contain (a fast pre-check).

[cookie_subjects]
# Who uses cookies in a cookie banner ("we", "this site"): regular-expression alternatives.
questo\s+sito

[cookie_verbs]
# The banner's verb ("use"): regular-expression alternatives.
utilizza
utilizziamo

[cookie_words]
# The word for cookies, with its boundaries: regular-expression alternatives.

[cookie_stems]
# Literal stems one of which a cookie banner must contain (a fast pre-check).

[language_names]
# Prefixes of language names written in this language ("russ" for Russian,
# "англ" for English), lower case: prefix<TAB>ISO 639-1 code. The longest match wins.
tedesc	de
spagnol	es
