# Portuguese words for newsdesk-extract (see src/lexicon.rs). Sections in [brackets];
# one entry a line; lines starting with # are comments.

[months]
# Month names: forms<TAB>number. The first form is the one dates are written
# with; then other cases, abbreviations, spelling variants.
janeiro jan	1
fevereiro fev	2
março mar marco	3
abril abr	4
maio mai	5
junho jun	6
julho jul	7
agosto ago	8
setembro set	9
outubro out	10
novembro nov	11
dezembro dez	12

[dateline_leads]
# How a byline or dateline line opens (lower case). `word` needs a space
# after it, `stem*` does not.
atualizado*

[credit_labels]
# Phrases that make a short dated line a credit wherever they stand (lower case).

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
inscreva-se
assine\s+(?:a|o|nossa|nosso)\s+(?:newsletter|canal)
siga-nos
compartilhe\s+(?:esta|nas|com)
assista\s+(?:ao\s+)?v[ií]deo

[promo_whole]
# Promo labels that are the whole line ("Advertisement"): regular-expression
# alternatives, case-insensitive.
publicidade
compartilhar
compartilhe
\d+\s+de\s+\d+

[tag_labels]
# Words that open a tag line ("Tags:"): regular-expression alternatives.

[typo_questions]
# "Found a typo?": openings of a question asking readers to report errors
# (regular-expression alternatives).
(?:você\s+)?encontrou\s+um\s+erro

[typo_conditionals]
# "If you find a mistake": openings that count only with a typo request.

[typo_requests]
# Requests to report a typo ("let us know", "press"), anywhere in the line.

[related_strong]
# Labels that open a related link even without a separator ("Read also Headline"):
# regular-expression alternatives.
leia\s+(?:também|mais)

[related_weak]
# Labels that open a related link only with a separator, or as the whole line
# ("Related:", "You may also like"): regular-expression alternatives.
você\s+(?:também\s+)?pode\s+gostar
veja\s+também
notícias\s+relacionadas
mais\s+(?:notícias|lidas)
outras\s+notícias

[next_phrases]
# "Next article" labels: regular-expression alternatives.
próxim[ao]\s+(?:artigo|notícia|matéria)

[previous_phrases]
# "Previous article" labels: regular-expression alternatives.
(?:artigo|notícia|matéria)\s+anterior

[translation_notes]
# "The article is in Russian", "Translated from German": whole-line regular
# expressions, tried in file order, each with a `lang` group naming the language.
(?i)^(?:traduzido|tradução)\s+do\s+(?P<lang>\p{L}+)\b.*$
(?i)^(?:artigo|texto)\s+(?:original\s+)?em\s+(?P<lang>\p{L}+)\s*\.?$

[date_labels]
# Labels before the date on a scraped text's date line ("Published:"): regular-
# expression alternatives.
publicado

[home_words]
# The first step of a breadcrumb ("Home > News"), lower case.

[rights_reserved]
# "All rights reserved", anywhere in a short line: regular-expression alternatives.
todos\s+os\s+direitos\s+reservados

[photo_credits]
# What opens a photo credit ("Photo:", «Фото:»): regular-expression alternatives.

[credit_joins]
# The word joining a photo credit's label to its source ("Photo by"): regular-
# expression alternatives.
de

[comment_words]
# Words for reader comments, in a comment section's house rules: regular-
# expression alternatives.
comentários?

[moderation_words]
# Words of moderation or approval that make such a line house rules.
aprovad\S*

[comment_stems]
# Literal stems one of which a house-rules line must contain (a fast pre-check).

[cookie_subjects]
# Who uses cookies in a cookie banner ("we", "this site"): regular-expression alternatives.

[cookie_verbs]
# The banner's verb ("use"): regular-expression alternatives.

[cookie_words]
# The word for cookies, with its boundaries: regular-expression alternatives.

[cookie_stems]
# Literal stems one of which a cookie banner must contain (a fast pre-check).

[language_names]
# Prefixes of language names written in this language ("russ" for Russian,
# "англ" for English), lower case: prefix<TAB>ISO 639-1 code. The longest match wins.
espanhol	es
polonês	pl
