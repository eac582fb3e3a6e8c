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

[ctrl_keys]
# The keyboard's Control key as printed in this language ("Ctrl", "Strg"), before
# "Enter" in typo notices: regular-expression alternatives.

[next_words]
# A lone word for "next" before a teaser's headline ("Next: Headline", in capitals
# "NEXT Headline"), lower case; longer forms first.

[previous_words]
# A lone word for "previous" before a teaser's headline, lower case; longer forms first.

[copyright_words]
# The word that opens a copyright line with a year, © or a colon ("Copyright 2024"):
# regular-expression alternatives.

[reprint_notices]
# "Reproduction without permission is prohibited", "a link is required when reprinting":
# whole-notice regular-expression alternatives, matched at the start of a short line.

[photo_agencies]
# Agencies and photo banks whose name alone is an image credit ("Reuters",
# "Getty Images"), as this language writes them: regular-expression alternatives.

[agency_joins]
# Words joining a photographer to an agency ("Jane Roe via Reuters"): regular-expression
# alternatives.

[archive_credits]
# Image credits that are no agency ("personal archive", "screenshot"), followed by at
# most four words: regular-expression alternatives.

[wire_credits]
# One staff credit of wire copy ("Reporting by", "Additional reporting by"), before the
# names: regular-expression alternatives.

[promo_courtesies]
# A courtesy that may come before a promo opening ("Please subscribe"): regular-
# expression alternatives.

[social_networks]
# Names of social networks and share buttons, lower case: a line made only of two or more
# of them is a share bar.

[contact_notices]
# Newsletter and contact lines ("Get the latest news in your inbox", "Ann Lee may be
# reached at ...@"): regular-expression alternatives matched at the start of a short line.

[contact_stems]
# Literal pre-check for [contact_notices]: a line holds one of these or is no contact line.

[cookie_buttons]
# A cookie banner's buttons and links quoted in its text ("Accept all cookies",
# "Cookie settings"): regular-expression alternatives, searched anywhere.

[author_noise]
# Words that start what follows an author's name in a byline field ("Jane Doe Updated
# May 4"): regular-expression alternatives; from the word on, the field is cut.
publicado

[author_leads]
# Lead-ins stripped from an author field ("By", "Written by"), lower case. A word
# needs a space, colon or the end after it; an entry ending in ":" is taken as written.
# The first that matches is stripped: longer forms before shorter ones.
escrito por
por
texto:
redacción:

[name_joins]
# Words joining two names in a byline ("A and B"), between spaces: regular-expression
# alternatives; a longer form after its first word never applies.
y

[author_roles]
# Role words that end a name ("Jane Doe Staff Writer") or are a whole part ("Senior
# Editor"), lower case; the first that ends a name is cut, so longer forms first.

[name_credentials]
# Degrees and licences written after a name ("Jane Doe, PhD"), as written (case matters,
# dots left out): a part after a comma that opens with them is the name's own.

[name_cuts]
# Phrases after which a byline credits someone else ("Jane Doe Edited by John Roe"),
# lower case: the name ends before them.
en nombre de

[not_names]
# What a byline field may hold that is never a person's name ("Admin", "Contact us"),
# lower case, the whole field.
redacción
contacto

[job_words]
# Words that make a byline part a job or a topic rather than a person ("Digital Security
# Expert", "Head of Marketing"), lower case.

[desk_words]
# Words of a desk's or team's credit ("The Upwork Team", "Redaktion"), lower case: kept
# as the author only when no person is named.
redacción
equipo

[name_particles]
# Lower-case words that may stand inside a capitalised name ("Ludwig van Beethoven"),
# as names in this language write them.
del
y

[institution_words]
# Words of an institution's name, which may hold an "and" ("Office of Research and
# Development"), lower case.

[org_words]
# Words of organisations' names, which a byline may put after the author ("Magazine",
# "Press"), lower case.

[other_credits]
# Labels before the name of someone who is not the author ("Reviewed by", "Photo by"),
# lower case, matched at the label's end.
revisado por
editado por

[honorifics]
# Titles written before a name ("Dr", "Prof"), lower case, without their dot.
dra

[credit_determiners]
# A credit sentence ("This article was written by X") is determiner, noun, verb and
# agent word, each maybe two words apart. The determiners: regular-expression alternatives.
este
esta

[credit_nouns]
# A credit sentence's noun ("article", "post"): regular-expression alternatives.
artículo
entrada

[credit_verbs]
# A credit sentence's verb ("written"): regular-expression alternatives, also a literal
# pre-check.
escrito
redactado

[credit_agents]
# A credit sentence's agent word ("by"), after which the name follows: regular-expression
# alternatives.
por

[update_words]
# Words that mark a date as the last change, not the publication ("Updated"), lower case,
# found anywhere in the label.
actualizado

[function_words]
# The commonest short words of the language, kept to words the other languages' lists
# rarely use (articles, conjunctions, prepositions), lower case, several a line: their
# share of a text confirms the language the markup declares.
el los las y por su al como más pero fue lo sus entre este también

[own_letters]
# Letters of this language's alphabet that the other languages of its script never write,
# as written (case matters), several a line: a short text with them and none of
# [foreign_letters] is in this language whatever the trigram detector says.

[foreign_letters]
# Letters of this language's script that it never writes but its neighbours do, as
# written (case matters), several a line.

[year_abbreviations]
# Abbreviations of "year" written after a date's year ("12 марта 2024 г."), case as
# written: regular-expression alternatives.

[year_words]
# The word "year" written out after a date's year, case as written: regular-expression
# alternatives.

[time_leads]
# A word between a date and its time ("May 4, 2024 at 10:15"): regular-expression
# alternatives.

[time_zones]
# Time-zone names that may close a date line, as this language's press writes them:
# regular-expression alternatives.

[portrait_words]
# Words an image's alt text may put around a name and still describe the author's
# portrait ("Photo of Jane Doe"), lower case.

[owner_endings]
# Endings that make a site's name its owner's ("Colin Watson's blog"), lower case, as
# written after the name; the first that matches is cut.

[feed_endings]
# Words that end a feed's title and name the feed, not the site ("Jane Doe » Comments
# Feed"), lower case; the first that matches is cut, so longer forms first.

[business_words]
# Words of businesses named after their founder ("Todd Thomas Home"), lower case: such
# a site name is no person's.

[author_dirs]
# URL path segments before an author page's name ("/author/jane-doe"), lower case, as
# this language's sites write them (in Latin letters).
autores
