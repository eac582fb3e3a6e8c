# Russian words for newsdesk-extract (see src/lexicon.rs). Sections in [brackets];
# one entry a line; lines starting with # are comments.

[months]
# Month names: forms<TAB>number. The first form is the one dates are written
# with; then other cases, abbreviations, spelling variants.
января январь янв	1
февраля февраль фев февр	2
марта март мар	3
апреля апрель апр	4
мая май	5
июня июнь июн	6
июля июль июл	7
августа август авг	8
сентября сентябрь сен сент	9
октября октябрь окт	10
ноября ноябрь ноя нояб	11
декабря декабрь дек	12

[dateline_leads]
# How a byline or dateline line opens (lower case). `word` needs a space
# after it, `stem*` does not.
автор*
обновлено*
опубликовано*

[credit_labels]
# Phrases that make a short dated line a credit wherever they stand (lower case).
автор:
автор материала

[byline_leads]
# How a one-line byline opens, case as written.
Автор:
Авторы:

[byline_labels]
# Labels alone before an author's name (lower case).
автор
авторы

[explicit_leads]
# Openings of an explicit credit line, case as written.

[author_words]
# Word stems that speak of the author (lower case).
автор

[promo_openings]
# How promo lines open ("Subscribe to our channel"): regular-expression
# alternatives, case-insensitive, matched at the start of a short line.
подписывайтесь
подпишитесь
подписаться\s+на\s+(?:наш|канал|рассылку|новост|telegram|телеграм)
следите\s+за\s+(?:нами|новостями)
присоединяйтесь\s+к\s+(?:нам|нашему|нашей)
смотрите\s+(?:(?:также|наше|наши)\s+)?(?:видео|ролик|сюжет)
поделитесь\s+(?:этой\s+)?(?:новостью|статьей|статьёй|с\s+друзьями)
читайте\s+нас\s+в
мы\s+в\s+(?:telegram|телеграм|соцсетях|социальных\s+сетях|vk|вк|дзене|youtube|max)
наш\s+(?:telegram|телеграм|канал|youtube)
(?:все\s+|главные\s+)?новости\s+в\s+(?:telegram|телеграм|нашем)
больше\s+новостей\s+в
включите\s+уведомления
поддержите\s+(?:нас|редакцию|проект)
мы\s+используем\s+(?:файлы\s+)?cookie

[promo_whole]
# Promo labels that are the whole line ("Advertisement"): regular-expression
# alternatives, case-insensitive.
реклама
поделиться
поделись
на\s+правах\s+рекламы
партнерский\s+материал
партнёрский\s+материал
смотреть\s+видео
читайте\s+также
читать\s+далее
показать\s+ещ[её]
комментарии
загрузка(?:\.\.\.|…)?
\d+\s+из\s+\d+

[tag_labels]
# Words that open a tag line ("Tags:"): regular-expression alternatives.
теги
тэги
метки
ключевые\s+слова
темы

[typo_questions]
# "Found a typo?": openings of a question asking readers to report errors
# (regular-expression alternatives).
(?:нашли|заметили|увидели|обнаружили)\s+(?:ошибку|опечатку)

[typo_conditionals]
# "If you find a mistake": openings that count only with a typo request.
если\s+вы\s+(?:нашли|заметили|обнаружили)\s+(?:ошибку|опечатку)

[typo_requests]
# Requests to report a typo ("let us know", "press"), anywhere in the line.
сообщите
напишите\s+нам
выделите
нажмите

[related_strong]
# Labels that open a related link even without a separator ("Read also Headline"):
# regular-expression alternatives.
читайте\s+(?:также|тоже|ещё|еще)
смотрите\s+также

[related_weak]
# Labels that open a related link only with a separator, or as the whole line
# ("Related:", "You may also like"): regular-expression alternatives.
вам\s+может\s+(?:быть\s+интересно|понравиться)
по\s+теме
(?:ещё|еще)\s+по\s+теме
материалы\s+по\s+теме
похожие\s+(?:новости|статьи|материалы)
рекомендуем
другие\s+новости
сам(?:ое|ые)\s+(?:читаемое|популярное|читаемые|популярные)(?:\s+\p{L}+)?

[next_phrases]
# "Next article" labels: regular-expression alternatives.
следующ(?:ая|ий|ее)\s+(?:новость|статья|материал|публикация|запись)

[previous_phrases]
# "Previous article" labels: regular-expression alternatives.
предыдущ(?:ая|ий|ее)\s+(?:новость|статья|материал|публикация|запись)

[translation_notes]
# "The article is in Russian", "Translated from German": whole-line regular
# expressions, tried in file order, each with a `lang` group naming the language.
(?i)^(?:эта\s+)?(?:статья|материал|текст|новость|оригинал|публикация|интервью)(?:\s+статьи)?(?:\s+(?:опубликован[аоы]?|написан[аоы]?|доступ(?:ен|на|но)|вышел|вышла))?\s+на\s+(?P<lang>\p{L}+)(?:\s+язык[еа])?\s*\.?$
(?i)^(?:в\s+)?(?:перевод|переведено|переведен[аоы]?|переводе)\s+с\s+(?P<lang>\p{L}+)\b.*$
(?i)^(?:читать|читайте)\s+(?:статью\s+|материал\s+|оригинал\s+)?(?:на\s+|по-)(?P<lang>\p{L}+)(?:\s+языке)?\s*\.?$
(?i)^язык\s+оригинала\s*:\s*(?P<lang>\p{L}+)\.?$

[date_labels]
# Labels before the date on a scraped text's date line ("Published:"): regular-
# expression alternatives.
опубликовано
обновлено
дата(?:\s+публикации)?

[home_words]
# The first step of a breadcrumb ("Home > News"), lower case.
главная

[rights_reserved]
# "All rights reserved", anywhere in a short line: regular-expression alternatives.
все\s+права\s+защищены

[photo_credits]
# What opens a photo credit ("Photo:", «Фото:»): regular-expression alternatives.
фото(?:графия)?
фото\s+и\s+видео
иллюстрация
источник\s+фото
фото\s+на\s+(?:обложке|главной|превью)
заглавное\s+фото
фото\s+в\s+анонсе

[credit_joins]
# The word joining a photo credit's label to its source ("Photo by"): regular-
# expression alternatives.
из
с\s+сайта
предоставлен[оа]?
автора

[comment_words]
# Words for reader comments, in a comment section's house rules: regular-
# expression alternatives.
комментари\S*

[moderation_words]
# Words of moderation or approval that make such a line house rules.
модерац\S*
модератор\S*
модерир\S*

[comment_stems]
# Literal stems one of which a house-rules line must contain (a fast pre-check).
коммент

[cookie_subjects]
# Who uses cookies in a cookie banner ("we", "this site"): regular-expression alternatives.
мы
сайт

[cookie_verbs]
# The banner's verb ("use"): regular-expression alternatives.
использует
используем

[cookie_words]
# The word for cookies, with its boundaries: regular-expression alternatives.
\bкуки\b

[cookie_stems]
# Literal stems one of which a cookie banner must contain (a fast pre-check).
куки

[language_names]
# Prefixes of language names written in this language ("russ" for Russian,
# "англ" for English), lower case: prefix<TAB>ISO 639-1 code. The longest match wins.
белорус	be
англ	en
русск	ru
украин	uk
немец	de
француз	fr
испан	es
итальян	it
португал	pt
польск	pl
турец	tr
китай	zh
япон	ja
араб	ar
казах	kk
иврит	he
чешск	cs
грузин	ka
армян	hy
азербайдж	az
румын	ro
венгер	hu
гречес	el
корей	ko
узбек	uz
