# Spanish words for newsdesk-extract (see src/lexicon.rs). Sections in [brackets];
# one entry a line; lines starting with # are comments.

[months]
# Month names: forms<TAB>number. The first form is the one dates are written
# with; then other cases, abbreviations, spelling variants.
enero ene	1
febrero feb	2
marzo mar	3
abril abr	4
mayo may	5
junio jun	6
julio jul	7
agosto ago	8
septiembre sep setiembre	9
octubre oct	10
noviembre nov	11
diciembre dic	12

[dateline_leads]
# How a byline or dateline line opens (lower case). `word` needs a space
# after it, `stem*` does not.
por
publicado*
actualizado*

[credit_labels]
# Phrases that make a short dated line a credit wherever they stand (lower case).
publicado por
escrito por

[byline_leads]
# How a one-line byline opens, case as written.
Por

[byline_labels]
# Labels alone before an author's name (lower case).
por

[explicit_leads]
# Openings of an explicit credit line, case as written.
Escrito por

[author_words]
# Word stems that speak of the author (lower case).

[promo_openings]
# How promo lines open ("Subscribe to our channel"): regular-expression
# alternatives, case-insensitive, matched at the start of a short line.
suscríbete
suscríbase
síguenos
síganos
únete\s+a\s+nuestro
compartir\s+en
mira\s+el\s+v[ií]deo

[promo_whole]
# Promo labels that are the whole line ("Advertisement"): regular-expression
# alternatives, case-insensitive.
publicidad
compartir
\d+\s+de\s+\d+

[tag_labels]
# Words that open a tag line ("Tags:"): regular-expression alternatives.
etiquetas
palabras\s+clave

[typo_questions]
# "Found a typo?": openings of a question asking readers to report errors
# (regular-expression alternatives).
¿?(?:has\s+encontrado|encontraste|encontró|viste)\s+un\s+error

[typo_conditionals]
# "If you find a mistake": openings that count only with a typo request.

[typo_requests]
# Requests to report a typo ("let us know", "press"), anywhere in the line.

[related_strong]
# Labels that open a related link even without a separator ("Read also Headline"):
# regular-expression alternatives.
(?:lee|leer|lea)\s+también

[related_weak]
# Labels that open a related link only with a separator, or as the whole line
# ("Related:", "You may also like"): regular-expression alternatives.
(?:también\s+)?te\s+puede\s+(?:interesar|gustar)
ver\s+también
noticias\s+relacionadas
más\s+(?:noticias|artículos)
lo\s+más\s+leído
otras\s+noticias

[next_phrases]
# "Next article" labels: regular-expression alternatives.
(?:siguiente|próximo|próxima)\s+(?:artículo|noticia)

[previous_phrases]
# "Previous article" labels: regular-expression alternatives.
(?:artículo|noticia)\s+anterior

[translation_notes]
# "The article is in Russian", "Translated from German": whole-line regular
# expressions, tried in file order, each with a `lang` group naming the language.
(?i)^(?:traducido|traducción)\s+del?\s+(?P<lang>\p{L}+)\b.*$
(?i)^(?:artículo|texto|original)\s+(?:original\s+)?en\s+(?P<lang>\p{L}+)\s*\.?$

[date_labels]
# Labels before the date on a scraped text's date line ("Published:"): regular-
# expression alternatives.
publicado

[home_words]
# The first step of a breadcrumb ("Home > News"), lower case.
inicio

[rights_reserved]
# "All rights reserved", anywhere in a short line: regular-expression alternatives.
todos\s+los\s+derechos\s+reservados

[photo_credits]
# What opens a photo credit ("Photo:", «Фото:»): regular-expression alternatives.
fotos
imagen

[credit_joins]
# The word joining a photo credit's label to its source ("Photo by"): regular-
# expression alternatives.
de

[comment_words]
# Words for reader comments, in a comment section's house rules: regular-
# expression alternatives.
comentarios?

[moderation_words]
# Words of moderation or approval that make such a line house rules.
moderad[oa]s?
moderador\S*
aprobad\S*

[comment_stems]
# Literal stems one of which a house-rules line must contain (a fast pre-check).
coment

[cookie_subjects]
# Who uses cookies in a cookie banner ("we", "this site"): regular-expression alternatives.
este\s+(?:sitio|site)

[cookie_verbs]
# The banner's verb ("use"): regular-expression alternatives.
usa
utiliza
usamos
utilizamos

[cookie_words]
# The word for cookies, with its boundaries: regular-expression alternatives.

[cookie_stems]
# Literal stems one of which a cookie banner must contain (a fast pre-check).

[language_names]
# Prefixes of language names written in this language ("russ" for Russian,
# "англ" for English), lower case: prefix<TAB>ISO 639-1 code. The longest match wins.
ingl	en
ruso	ru
ucrain	uk
alem	de
español	es
