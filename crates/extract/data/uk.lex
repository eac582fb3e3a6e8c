# Ukrainian words for newsdesk-extract (see src/lexicon.rs). Sections in [brackets];
# one entry a line; lines starting with # are comments.

[months]
# Month names: forms<TAB>number. The first form is the one dates are written
# with; then other cases, abbreviations, spelling variants.
січня січень січ	1
лютого лютий лют	2
березня березень бер	3
квітня квітень кві	4
травня травень тра	5
червня червень чер	6
липня липень лип	7
серпня серпень сер	8
вересня вересень вер	9
жовтня жовтень жов	10
листопада листопад лис	11
грудня грудень гру	12

[dateline_leads]
# How a byline or dateline line opens (lower case). `word` needs a space
# after it, `stem*` does not.
оновлено*
опубліковано*

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
підписуйтесь
підпишіться
стежте\s+за\s+(?:нами|новинами)
приєднуйтесь\s+до\s+нас
дивіться\s+відео
поділіться\s+(?:новиною|статтею|з\s+друзями)
читайте\s+нас\s+(?:в|у)
ми\s+(?:в|у)\s+(?:telegram|телеграм|соцмережах)

[promo_whole]
# Promo labels that are the whole line ("Advertisement"): regular-expression
# alternatives, case-insensitive.
поширити
поділитися
дивитися\s+відео

[tag_labels]
# Words that open a tag line ("Tags:"): regular-expression alternatives.
мітки
ключові\s+слова

[typo_questions]
# "Found a typo?": openings of a question asking readers to report errors
# (regular-expression alternatives).
(?:знайшли|помітили)\s+(?:помилку|друкарську\s+помилку)

[typo_conditionals]
# "If you find a mistake": openings that count only with a typo request.
якщо\s+ви\s+(?:знайшли|помітили)\s+(?:помилку|друкарську\s+помилку)

[typo_requests]
# Requests to report a typo ("let us know", "press"), anywhere in the line.
повідомте
виділіть
натисніть

[related_strong]
# Labels that open a related link even without a separator ("Read also Headline"):
# regular-expression alternatives.
читайте\s+також
дивіться\s+також

[related_weak]
# Labels that open a related link only with a separator, or as the whole line
# ("Related:", "You may also like"): regular-expression alternatives.
вас\s+може\s+зацікавити
по\s+темі
схожі\s+(?:новини|статті)
інші\s+новини

[next_phrases]
# "Next article" labels: regular-expression alternatives.
наступн(?:а|ий|е)\s+(?:новина|стаття|матеріал|публікація)

[previous_phrases]
# "Previous article" labels: regular-expression alternatives.
попередн(?:я|ій|є)\s+(?:новина|стаття|матеріал|публікація)

[translation_notes]
# "The article is in Russian", "Translated from German": whole-line regular
# expressions, tried in file order, each with a `lang` group naming the language.
(?i)^(?:ця\s+)?(?:стаття|матеріал|текст|новина|оригінал|публікація)\s+(?P<lang>\p{L}+ю)(?:\s+мовою)?\s*\.?$
(?i)^(?:переклад|перекладено)\s+з\s+(?P<lang>\p{L}+)\b.*$
(?i)^читати\s+(?P<lang>\p{L}+ю)(?:\s+мовою)?\s*\.?$

[date_labels]
# Labels before the date on a scraped text's date line ("Published:"): regular-
# expression alternatives.
опубліковано
оновлено

[home_words]
# The first step of a breadcrumb ("Home > News"), lower case.
головна

[rights_reserved]
# "All rights reserved", anywhere in a short line: regular-expression alternatives.
(?:усі|всі)\s+права\s+захищені

[photo_credits]
# What opens a photo credit ("Photo:", «Фото:»): regular-expression alternatives.
світлина

[credit_joins]
# The word joining a photo credit's label to its source ("Photo by"): regular-
# expression alternatives.

[comment_words]
# Words for reader comments, in a comment section's house rules: regular-
# expression alternatives.
коментар\S*

[moderation_words]
# Words of moderation or approval that make such a line house rules.

[comment_stems]
# Literal stems one of which a house-rules line must contain (a fast pre-check).
комент

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
білорус	be
росій	ru
україн	uk
німец	de
французь	fr
іспан	es
італій	it
польськ	pl
турець	tr
