# Polish words for newsdesk-extract (see src/lexicon.rs). Sections in [brackets];
# one entry a line; lines starting with # are comments.

[months]
# Month names: forms<TAB>number. The first form is the one dates are written
# with; then other cases, abbreviations, spelling variants.
stycznia styczeń sty	1
lutego luty lut	2
marca marzec mar	3
kwietnia kwiecień kwi	4
maja maj	5
czerwca czerwiec cze	6
lipca lipiec lip	7
sierpnia sierpień sie	8
września wrzesień wrz	9
października październik paź	10
listopada listopad lis	11
grudnia grudzień gru	12

[dateline_leads]
# How a byline or dateline line opens (lower case). `word` needs a space
# after it, `stem*` does not.
opublikowano*
zaktualizowano*

[credit_labels]
# Phrases that make a short dated line a credit wherever they stand (lower case).
opublikowane przez

[byline_leads]
# How a one-line byline opens, case as written.

[byline_labels]
# Labels alone before an author's name (lower case).

[explicit_leads]
# Openings of an explicit credit line, case as written.

[author_words]
# Word stems that speak of the author (lower case).

[promo_openings]
# How promo lines open ("Subscribe to our channel"): regular-expression
# alternatives, case-insensitive, matched at the start of a short line.
subskrybuj
zasubskrybuj
obserwuj\s+nas
dołącz\s+do\s+nas
(?:zobacz|obejrzyj)\s+wideo

[promo_whole]
# Promo labels that are the whole line ("Advertisement"): regular-expression
# alternatives, case-insensitive.
reklama
udostępnij
\d+\s+z\s+\d+

[tag_labels]
# Words that open a tag line ("Tags:"): regular-expression alternatives.
tagi
słowa\s+kluczowe

[typo_questions]
# "Found a typo?": openings of a question asking readers to report errors
# (regular-expression alternatives).
(?:znalazłeś|zauważyłeś|znalazłaś|zauważyłaś)\s+błąd

[typo_conditionals]
# "If you find a mistake": openings that count only with a typo request.

[typo_requests]
# Requests to report a typo ("let us know", "press"), anywhere in the line.

[related_strong]
# Labels that open a related link even without a separator ("Read also Headline"):
# regular-expression alternatives.
czytaj\s+(?:także|też)
przeczytaj\s+(?:także|też)
zobacz\s+(?:także|też)

[related_weak]
# Labels that open a related link only with a separator, or as the whole line
# ("Related:", "You may also like"): regular-expression alternatives.
może\s+cię\s+zainteresować
podobne\s+artykuły
więcej\s+(?:artykułów|wiadomości)
najczęściej\s+czytane

[next_phrases]
# "Next article" labels: regular-expression alternatives.
następny\s+(?:artykuł|wpis)

[previous_phrases]
# "Previous article" labels: regular-expression alternatives.
poprzedni\s+(?:artykuł|wpis)

[translation_notes]
# "The article is in Russian", "Translated from German": whole-line regular
# expressions, tried in file order, each with a `lang` group naming the language.
(?i)^(?:przetłumaczono|przetłumaczone|tłumaczenie)\s+z\s+(?:języka\s+)?(?P<lang>\p{L}+)\b.*$
(?i)^(?:artykuł|tekst|oryginał)\s+(?:w\s+języku|po)\s+(?P<lang>\p{L}+)\s*\.?$

[date_labels]
# Labels before the date on a scraped text's date line ("Published:"): regular-
# expression alternatives.

[home_words]
# The first step of a breadcrumb ("Home > News"), lower case.

[rights_reserved]
# "All rights reserved", anywhere in a short line: regular-expression alternatives.
wszelkie\s+prawa\s+zastrzeżone

[photo_credits]
# What opens a photo credit ("Photo:", «Фото:»): regular-expression alternatives.
zdjęcie

[credit_joins]
# The word joining a photo credit's label to its source ("Photo by"): regular-
# expression alternatives.

[comment_words]
# Words for reader comments, in a comment section's house rules: regular-
# expression alternatives.
komentarz\S*

[moderation_words]
# Words of moderation or approval that make such a line house rules.

[comment_stems]
# Literal stems one of which a house-rules line must contain (a fast pre-check).
komentarz

[cookie_subjects]
# Who uses cookies in a cookie banner ("we", "this site"): regular-expression alternatives.
ta\s+strona

[cookie_verbs]
# The banner's verb ("use"): regular-expression alternatives.
używa
używamy

[cookie_words]
# The word for cookies, with its boundaries: regular-expression alternatives.

[cookie_stems]
# Literal stems one of which a cookie banner must contain (a fast pre-check).

[language_names]
# Prefixes of language names written in this language ("russ" for Russian,
# "англ" for English), lower case: prefix<TAB>ISO 639-1 code. The longest match wins.
rosyj	ru
niemieck	de
hiszpa	es
włos	it
polac	pl
polsk	pl
