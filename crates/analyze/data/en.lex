# English lexicon for newsdesk-analyze. Sections in [brackets]; one entry a line;
# "phrase<TAB>class" where a class applies. Lines starting with # are comments.

[stopwords]
a an the and or but nor if then else when while where which who whom whose what why how
of to in on at by for with from into onto upon over under about above below between among
through during before after since until till against without within along across around
behind beyond near off out up down as than so such too very can could may might must shall
should will would do does did done doing be am is are was were been being have has had having
i me my mine myself we us our ours ourselves you your yours yourself yourselves he him his
himself she her hers herself it its itself they them their theirs themselves this that these
those there here not no yes all any both each few more most other some own same only just
also even still yet again ever never always often already once twice now then today tomorrow
yesterday said says say told tell tells asked added noted according per via
one two three four five six seven eight nine ten first second third last next new
mr mrs ms dr however although though because whether either neither let lets get got make made
like well much many every another something anything nothing everything someone anyone
including include includes included whose whatever whichever among amid despite towards toward
would've it's that's there's don't doesn't didn't won't can't isn't aren't wasn't weren't
year years day days week weeks month months time times people thing things way ways part
image images photo photos video file map
came come comes went go goes goes opened opens matters held holds took take takes gave give
gives made makes became become becomes seemed seem seems began begins called calls used uses
want wants wanted need needs needed know knows knew think see saw seen look looks looked found
find finds show shows showed help helps helped ended ends began says told expressed understands
understand understood hope hopes hoped like likes liked got put puts keep keeps kept
monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december

[sentence_openers]
# Capitalised words that open sentences and are not names.
the a an in on at as by for from to of with after before during when while if but and or so
this that these those there here it its he she they we i you his her their our my your
however meanwhile also according although though because since until despite among earlier
later today yesterday tomorrow now then yet still such many most some several all both each
every no not one two three four five six seven eight nine ten what why how where who which
last next first new more other another over under about around nearly almost only just even
addressing returning speaking asked asking following given despite without within

[titles]
president	head_of_state
vice president	deputy
vice-president	deputy
head of state	head_of_state
king	head_of_state
queen	head_of_state
emperor	head_of_state
emir	head_of_state
sultan	head_of_state
prime minister	head_of_government
premier	head_of_government
chancellor	head_of_government
head of government	head_of_government
deputy prime minister	deputy
first deputy prime minister	deputy
secretary general	secretary_general
secretary-general	secretary_general
general secretary	secretary_general
deputy secretary general	deputy
minister	minister
foreign minister	foreign_minister
minister of foreign affairs	foreign_minister
defence minister	minister
defense minister	minister
minister of defence	minister
minister of defense	minister
interior minister	minister
finance minister	minister
economy minister	minister
health minister	minister
education minister	minister
justice minister	minister
secretary of state	foreign_minister
secretary	minister
attorney general	minister
ambassador	ambassador
envoy	ambassador
special envoy	ambassador
spokesperson	spokesperson
spokesman	spokesperson
spokeswoman	spokesperson
press secretary	spokesperson
chairman	chair
chairwoman	chair
chairperson	chair
chair	chair
speaker	chair
chief executive	executive
chief executive officer	executive
ceo	executive
managing director	executive
director	executive
director general	executive
director-general	executive
executive director	executive
founder	executive
co-founder	executive
head	executive
chief	executive
commissioner	official
governor	governor
mayor	mayor
senator	lawmaker
sen.	lawmaker
congressman	lawmaker
congresswoman	lawmaker
representative	lawmaker
rep.	lawmaker
mp	lawmaker
lawmaker	lawmaker
deputy	lawmaker
leader	leader
opposition leader	leader
general	military
gen.	military
colonel	military
col.	military
admiral	military
commander	military
lieutenant	military
major	military
captain	military
sergeant	military
chief of staff	military
judge	judge
justice	judge
prosecutor	official
professor	academic
prof.	academic
dr.	academic
doctor	academic
pope	religious
patriarch	religious
archbishop	religious
bishop	religious
cardinal	religious
rabbi	religious
imam	religious
coach	sports
manager	sports
striker	sports
goalkeeper	sports
captain	sports
player	sports
analyst	expert
expert	expert
economist	expert
researcher	expert
scientist	expert
journalist	expert
correspondent	expert
official	official
officer	official
administrator	official
police chief	official
sheriff	official
inspector	official
detective	official
mr.	honorific
mrs.	honorific
ms.	honorific
mr	honorific
mrs	honorific
ms	honorific
sir	honorific
lord	honorific
lady	honorific
dame	honorific
prince	royal
princess	royal
duke	royal
duchess	royal
crown prince	royal

[leader_words]
# Nouns that refer back to whoever holds a leading role ("the Belarusian leader").
leader	head_of_state head_of_government leader
head	head_of_state head_of_government executive chair
chief	executive secretary_general
top diplomat	foreign_minister
diplomat	foreign_minister ambassador

[speech_verbs]
said say says saying told tell tells telling noted notes added adds stated states explained
explains asked asks concluded concludes emphasized emphasised emphasizes emphasises stressed
stresses declared declares announced announces warned warns insisted insists claimed claims
argued argues continued continues remarked remarks replied replies answered answers wrote
writes commented comments acknowledged acknowledges admitted admits recalled recalls
pointed observed observes suggested suggests urged urges confirmed confirms denied denies
reported reports assured assures believes believed thinks thought promised promises
vowed vows added underlined underlines reiterated reiterates cautioned cautions shouted
tweeted posted mentioned mentions quipped responded responds

[reporting_phrases]
according to
in the words of
as quoted by

[org_cues]
ministry department agency council committee commission party university college institute
academy school bank corporation corp corp. company co co. inc inc. ltd ltd. llc plc group
association union federation foundation fund society league club team office bureau service
services authority board court tribunal police army navy force forces guard organization
organisation parliament assembly senate congress government administration cabinet
church synagogue news times post journal herald tribune gazette telegraph magazine
radio television tv network press agency airlines airways motors industries holdings
systems technologies labs laboratory laboratories center centre hospital clinic movement
front alliance coalition brigade battalion regiment command directorate secretariat
commonwealth trust partnership initiative network project program programme
orchestra band legion army regiment party

[place_cues]
city town village county province region district state oblast island islands river lake
mountain mountains mount sea ocean bay gulf strait peninsula valley desert forest park
street avenue road square boulevard bridge airport port harbour harbor station stadium
arena museum gallery palace castle cathedral tower hall beach coast canyon falls border
heights hills plains territory republic kingdom prefecture parish borough center centre
complex facility towers base mosque temple campus

[place_prefixes]
mount lake cape fort port saint st. st san santa new north south east west

[meeting_cues]
meeting meetings met meet meets meeting talks summit summits negotiations visit visited
visits hosted hosts received receives welcomed conference

[conflict_cues]
conflict conflicts confrontation war wars warfare clash clashes fighting hostilities dispute
disputes tension tensions standoff stand-off feud rivalry battle battles skirmishes
skirmish border conflict fight invasion attack attacks offensive

[given_names]
aaron abdul abdullah abraham adam adrian ahmed ahmad aisha alan albert alberto alex alexander
alexandra alexei alexey ali alice alicia allan allen alvin amanda amelia amir amy ana andre
andrea andreas andrew andy angela angelina ann anna anne annie anthony antonio arnold arthur
ashley austin barack barbara barry ben benjamin bernard bernie bill billy bob bobby boris brad
bradley brandon brenda brett brian bruce bryan caleb cameron carl carla carlos carol caroline
carolyn catherine charles charlie charlotte chelsea cheryl chris christian christina christine
christopher chuck claire clara claude colin connor craig cristina cynthia dale dan daniel
danielle danny david dean deborah debra denis dennis derek diana diane dick dmitri dmitry
dolores don donald donna doris dorothy doug douglas dylan earl ed eddie edgar edith edward
elena eli elijah elizabeth ella ellen emily emma emmanuel eric erik erin ethan eugene eva evan
evelyn fatima felix fernando frances francis frank franklin fred frederick gabriel gary george
gerald gina giorgio giuseppe gloria gordon grace greg gregory hannah harold harry hassan
heather heinz helen henry hillary howard hugh hugo ian igor imran irene isaac isabella ivan
jack jackie jacob jacqueline james jamie jan jane janet janice jared jason javier jean jeff
jeffrey jennifer jeremy jerry jesse jessica jim jimmy joan joanne joe joel johann john johnny
jon jonathan jordan jorge jose joseph josh joshua joyce juan judith judy julia julian julie
justin karen karl kate katherine kathleen kathryn katie keith kelly ken kenneth kevin kim
kimberly kirk kyle larry laura lauren lawrence lee leo leon leonard lewis liam lily linda
lisa liz louis louise lucas lucy luis luke lynn madison malcolm marc marco margaret maria
marie marilyn mario mark martha martin mary mason matt matthew maurice max megan melissa
michael michel michelle miguel mike mohammed muhammad mohammad nancy naomi natalie nathan
neil nicholas nick nicola nicole nikolai noah norman olga oliver olivia omar oscar pamela
patricia patrick paul paula pedro peter philip phillip pierre rachel ralph randy raymond
rebecca richard rick rita rob robert roberto robin roger ron ronald rose roy ruby russell
ruth ryan sally samantha samuel sandra sara sarah scott sean sebastian sergei sergey sharon
shirley simon sofia sophia stanley stephanie stephen steve steven susan tammy tanya teresa
terry theresa thomas tiffany tim timothy tina todd tom tommy tony tracy travis tyler
valerie vanessa victor victoria vincent virginia vladimir walter wayne wendy william willie
xavier yuri zachary zoe emmanuel olaf rishi keir joe kamala angela ursula volodymyr
recep narendra xi shinzo fumio justin jacinda jair luiz benjamin mahmoud ali hamid ashraf
kassym-jomart kassym shavkat emomali sadyr nikol ilham serdar imangali alexander

[name_case_endings]
# How a first name's oblique form ends, and how its nominative ends instead (oblique<TAB>
# nominative); English names do not inflect.

[masculine_names_in_a]
# Men's first names that end like women's; none in English.

[event_cues]
# Last words of names of events ("World Cup", "Google Science Fair").
cup olympics games championship championships fair expo exhibition awards award prize festival
week forum summit war election elections marathon open tournament grand prix biennale

[connectors]
# Lowercase words that may sit inside a name ("Bank of England", "Ludwig van Beethoven").
of for de del della di da du des la le van von der den bin ibn al el on upon

[honorifics]
mr mr. mrs mrs. ms ms. dr dr. sir dame lord lady prof prof. rev rev.

[abbreviations]
# Words that keep their period and do not end a sentence.
mr mrs ms dr prof sr jr st mt gen col lt sgt capt cmdr adm gov sen rep rev hon inc corp co ltd
vs etc approx dept est fig jan feb mar apr jun jul aug sep sept oct nov dec ave blvd

[time_words]
# Words that date an event in its sentence ("on Monday", "yesterday"), lower case. ("May" is
# left out: it is far more often the verb.)
monday tuesday wednesday thursday friday saturday sunday yesterday today tomorrow tonight
january february march april june july august september october november december

[time_prepositions]
# A preposition before a time word that belongs to the event's time ("on Monday").
on

[between_words]
# "conflict between A and B": the word after the cue.
between

[and_words]
# "between A and B": the word between the two parties.
and

[against_words]
# "A's war against B", "war with B": the word after the cue, before the other party.
against with

[definite_articles]
the

[indefinite_articles]
a an

[genitive_prepositions]
# The preposition that ties a title to what it heads ("Secretary General of the CSTO").
of

[possessive_endings]
# The possessive that does the same before it ("Belarus's leader"), as tokens split it.
's

[person_pronouns]
# Pronouns that refer back to the last person named (a quote's speaker).
he she

[that_words]
# The conjunction that opens indirect speech ("X said that ...").
that

[surname_case_endings]
# A surname's oblique ending and its nominative ending, tried in order (as written, case and
# ё matter).

[masculine_genitive_endings]
# Endings of a man's surname in the genitive that read like a woman's nominative ("Лаврова"),
# and the nominative ending that replaces them after a man's first name (as written).

[feminine_name_endings]
# Last letters of a first name that is a woman's unless [masculine_names_in_a] lists it.

[verb_endings]
# Endings of verb forms, which make poor keyphrases (as written).

[key_endings]
# Case endings that match keys strip; English words are only lowercased.

[letter_folds]
# A lowercase letter and the letter it is matched as.
