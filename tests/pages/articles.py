"""The corpus articles: reviews and features written for these tests, in seven languages.

Notation of ``body``: see ``templates.py``.
"""

from __future__ import annotations

from .articles_intl import DE, ES, FR, IT, NL, PT
from .templates import Article

EN = [
    Article(
        "en-wp-film-harbour", "en", "wordpress", "Harbour Lights review: a quiet film that earns its silences",
        "Dana Whitlock", "2025-03-02", """
It takes almost ten minutes before anyone in *Harbour Lights* says a word, and by then the film has already told you most of what you need to know about its lighthouse keeper.
Maren Solvik plays Ingrid with a stillness that never turns into blankness. She listens to the radio, she mends nets, she waits for a ferry that is always late.
![Maren Solvik as Ingrid in Harbour Lights]
~ Scene from Harbour Lights
The director shoots the coast in long, grey takes, and the sound design does the rest: gulls, engines, the creak of a stair that will matter later.
## Where it stumbles
The second half adds a smuggling plot that the film does not need. The scenes in the harbour office feel borrowed from a louder movie.
Still, the final shot is one of the best of the year, and it lands because the film has been patient with us.
Rating: 7.5 on 10. {{Watch Harbour Lights on Netflix}}
Harbour Lights is now available on DVD and VOD.
""", related=("The ten best sea films of the decade", "Interview: the sound of an empty lighthouse", "Why slow cinema is back"),
        comments=("Saw it last week and the ending stayed with me for days.", "Too slow for me, but I see the appeal."),
    ),
    Article(
        "en-ghost-album-tin-roof", "en", "ghost", "Tin Roof Weather, by The Marlows: rain, reverb and a band finding its feet",
        "Oskar Brandt", "2024-11-18", """
The Marlows made their first two records in a rented church hall, and you could hear the room on every track. *Tin Roof Weather* was made in a real studio, and the difference is immediate.
The guitars are drier, the drums sit closer, and Ruth Abara's voice finally sounds like it is in the same space as the listener.
## The songs
- Low Tide opens the album with a riff that keeps almost resolving.
- Paper Crown is the single, and the weakest song here.
- Hollow Year is six minutes long and earns every one of them.
> We stopped trying to sound big and tried to sound close.
That line from the band's press notes is usually the kind of thing a critic ignores, but here it is simply true.
The album sags a little in the middle, where two ballads in a row blur into one.
Verdict: four stars out of five, and the best thing they have done.
""", related=("The Marlows on leaving the church hall", "Five albums that sound like rain"),
    ),
    Article(
        "en-blogger-book-salt", "en", "blogger", "Book notes: The Salt Road by Imogen Carr",
        "Felix Moreau", "2023-08-09", """
I picked up *The Salt Road* at a station bookshop because the cover had a map on it, and I have a weakness for novels with maps.
It follows two sisters who walk the old trading route from the coast to the mountains after their mother's death, carrying her ashes in a biscuit tin.
Carr writes landscape better than almost anyone working today. Every village has its own smell and its own argument.
The sisters are less convincing. Their fights repeat, and the younger one exists mostly to be wrong.
But the last fifty pages, set in a snowed-in inn, are tense and moving, and they made me forgive the slow middle.
If you like walking novels, this one is worth your time.
~ Posted in Books, Travel
""", related=("My favourite walking novels", "Reading on trains: a list"),
        comments=("Added to my list, thanks!", "The map on the cover is gorgeous."),
    ),
    Article(
        "en-medium-game-lantern", "en", "medium", "I played Lanternwake for forty hours. Here is what stuck.",
        "Priya Nandakumar", "2025-01-21", """
Lanternwake is a game about carrying light through a city that has forgotten what light is for, and for its first ten hours it is extraordinary.
You play a courier with a lamp that burns for exactly three minutes. Every route through the city is a small puzzle of shortcuts, refills and risks.
Then the game opens up, and it starts to lose its nerve. Upgrades make the lamp last longer, and the tension drains away.
## The numbers
| Platform | Price | Hours to finish |
| PC | 24.99 dollars | 18 |
| Switch | 29.99 dollars | 20 |
The Switch version runs well but loses the fog effects, which matter more than you would think.
I still recommend it. Play the first act slowly, and stop upgrading the lamp if the game lets you.
""", related=("The best indie games of the winter", "Designing darkness: a talk with the developers"),
    ),
    Article(
        "en-substack-tv-ledger", "en", "substack", "The Ledger, season two: better, meaner, and a little too long",
        "Hattie Lowe", "2025-04-04", """
Welcome back to Second Reel. This week I finally finished the second season of *The Ledger*, and I have thoughts.
The first season was a tidy thriller about an accountant who finds one wrong number. The second is a sprawling portrait of a whole town that has been cooking its books for decades.
The writing is sharper and crueller. Nobody is innocent, and the show knows it.
But ten episodes is at least two too many. The sixth and seventh could be cut almost entirely.
If you want to watch along, the deal is simple. Sign up for an ad-free account for $11.99 a month, and the whole season is there.
~ Thanks for reading Second Reel! Subscribe for free to receive new posts and support my work.
Next week: the new adaptation of an old radio play, and why nobody can agree on it.
""", related=("Season one, revisited", "The best TV of the spring"),
        comments=("Episode seven really was a slog.", "Agree about the length, but the finale!"),
        extra={"subtitle": "A review, with a few spoilers flagged"},
    ),
    Article(
        "en-news-restaurant-cinder", "en", "news", "Cinder and Rye brings wood fire and patience to the old fish market",
        "Marcus Oyelaran", "2025-02-11", """
The old fish market on Quay Street has been empty for six years, and the first thing you notice at Cinder and Rye is that it still smells faintly of the sea.
The kitchen is built around one huge wood oven, and almost everything on the short menu passes through it.
The flatbread with smoked butter is the dish everyone will order, and rightly so.
A whole roasted cabbage with anchovy and lemon was the surprise of the night, sweet and charred and far better than it sounds.
Service was warm but slow; on a busy Friday we waited forty minutes between courses.
~ Order Reprints
Dinner for two with wine costs about 120 dollars. The restaurant is open from Wednesday to Sunday.
""", related=("Where to eat this weekend", "The chef who left the city for a fish market"),
    ),
    Article(
        "en-wp-gear-kettle", "en", "wordpress", "Tested: the Brisk Pro electric kettle",
        "Jonah Pell", "2024-09-30", """
A kettle should do one thing well, and the Brisk Pro mostly does.
It boiled a full litre in three minutes and ten seconds in our tests, about twenty seconds faster than last year's model.
| Test | Brisk Pro | Last year's model |
| One litre | 3 min 10 s | 3 min 30 s |
| Noise | 58 dB | 64 dB |
| Keep warm | 30 minutes | none |
The temperature presets are the real reason to buy it. Green tea at eighty degrees is one button away.
The lid hinge feels cheap, and after a month ours had started to squeak.
Overall, it is the kettle we would buy, but only on sale.
""", related=("The best coffee grinders", "Do you need a smart kettle?"),
        comments=("Mine squeaks too!",),
    ),
    Article(
        "en-ghost-theatre-glass", "en", "ghost", "The Glass Orchard at the Lyceum: a play that trusts its audience",
        "Ruth Castellano", "2024-10-07", """
The Glass Orchard runs for two hours without an interval, and I did not check the time once.
It is set in a greenhouse during one long night, as three generations of a family argue about whether to sell the land.
The set is the star: a real glass house that fogs up as the night goes on, until the actors are shapes behind the condensation.
Nell Okafor, as the grandmother, gets the best lines and delivers them with perfect dryness.
!promo
The ending is left open in a way that will annoy some people. I found it brave.
Tickets are still available for most nights until the end of the month.
""", related=("Five plays to see this autumn", "Building a greenhouse on stage"),
    ),
    Article(
        "en-blogger-hike-ridge", "en", "blogger", "Trail report: the Long Ridge loop in October",
        "Sam Whitaker", "2024-10-22", """
We did the Long Ridge loop last Saturday, starting from the lower car park at half past seven.
The first hour is a steady climb through beech woods, and the colours this month are ridiculous.
After the stile, the path splits. Take the left fork unless you enjoy bogs.
The ridge itself is exposed, and the wind was strong enough that we ate lunch lying down behind a wall.
The descent is steep and loose in places, so poles help.
- Distance: fourteen kilometres
- Climb: about six hundred metres
- Time: five and a half hours with stops
It is one of the best day walks in the region, and October is the month to do it.
""", related=("Trail report: the river path", "What to pack for a windy ridge"),
        comments=("We went the week before, same wind!", "Thanks for the tip about the left fork."),
    ),
    Article(
        "en-medium-essay-cinema", "en", "medium", "What I learned from watching one film a day for a year",
        "Lena Hartmann", "2024-12-30", """
On the first of January I promised myself I would watch one film every day, and to my own surprise I kept the promise.
The first month was easy. I watched the films I had always meant to see and felt very pleased with myself.
By spring it had become a chore. I started choosing short films on purpose, and I stopped taking notes.
Something changed in the summer. I began to watch without expecting to be impressed, and I was impressed more often.
> The best films are the ones you stop watching as a critic.
I do not recommend the experiment to anyone with a job and a family, but I do recommend watching one film you know nothing about this week.
""", related=("My hundred favourite films of the year", "How to watch more films without burning out"),
    ),
    Article(
        "en-substack-music-quartet", "en", "substack", "Listening notes: the Aldine Quartet plays late Beethoven",
        "Tomas Reyes", "2025-03-15", """
The Aldine Quartet have been playing together for twenty years, and their new recording of the late quartets sounds like it.
Nothing is rushed. The slow movement of the fifteenth quartet lasts almost nineteen minutes, and it never drags.
The recording is close and a little dry. You can hear the players breathe, which some listeners will love and others will find distracting.
Follow us on Twitter is what the label's press release ends with, and I mention it only because it is the least interesting thing about this release.
The booklet notes, by the cellist, are unusually good.
This is the recording of these pieces I will go back to.
""", related=("Beethoven on record: a guide", "The quartets that changed chamber music"),
        extra={"subtitle": "Slow, close and very good"},
    ),
    Article(
        "en-news-game-review-frost", "en", "news", "Frostline review: a survival game that finally respects your time",
        "Ade Okonkwo", "2025-01-09", """
Survival games usually ask for hundreds of hours. Frostline asks for twelve, and it is better for it.
You lead a small expedition across a frozen lake, choosing each morning who walks ahead, who carries the stove and who rests.
Every choice costs something, and the game never tells you the right answer.
~ Print Article
The writing is spare but affecting. By the final crossing, I cared about every member of my crew.
The controls on a gamepad are clumsy, and some menus take too many steps.
Score: 8/10
""", related=("The best survival games of all time", "Frostline's developers on writing for the cold"),
    ),
    Article(
        "en-wp-podcast-cellar", "en", "wordpress", "Podcast review: Cellar Tapes goes back to the start",
        "Iris Fennimore", "2024-07-14", """
Cellar Tapes began as two friends playing old cassettes they found in a basement, and its third season returns to that simple idea.
Each episode plays one tape and then tries to find the person who recorded it.
The searches are often dead ends, and the hosts are honest about that, which makes the successes hit harder.
Episode four, about a wedding recorded in 1986, is the best hour of audio I have heard this year.
The ad breaks are long and frequent. An error has occurred, please try again later.
Still, if you have never listened, start here.
""", related=("Podcasts about found objects", "How to digitise old cassettes"),
        comments=("Episode four made me cry on the bus.",),
    ),
    Article(
        "en-ghost-recipe-soup", "en", "ghost", "A winter soup that tastes like it took all day",
        "Mina Sørensen", "2025-01-03", """
This is the soup I make every January, when everyone is tired of rich food and I am tired of cooking.
It is built on roasted onions and a spoonful of miso, which together give it the depth of a stock that has simmered for hours.
## What you need
- Four large onions, halved
- Two tablespoons of white miso
- A litre of water or light stock
- A handful of grated cheese to finish
Roast the onions cut side down until they are nearly black on the bottom. Blend them with the miso and water, then warm it through.
It keeps for three days and tastes better on the second.
""", related=("Ten soups for the cold months", "Cooking with miso"),
    ),
    Article(
        "en-blogger-comic-atlas", "en", "blogger", "Comic review: Atlas of Small Gods, volume one",
        "Theo Langley", "2024-05-27", """
Atlas of Small Gods collects the first six issues of a series about a cartographer who maps the minor spirits of an island.
The art is the draw here. Every page is crowded with tiny figures living in drains, hedges and teacups.
The story is thinner. The cartographer's own past is hinted at for six issues and never explained.
~ Cover art by Juno Adair
The colours deserve special praise, soft and warm in the day scenes and almost violet at night.
I will keep reading, mostly to look at it.
Rating: 3.5/5
""", related=("The best comics of the spring", "An interview with Juno Adair"),
        comments=("The teacup god is my favourite.",),
    ),
    Article(
        "en-news-opera-tide", "en", "news", "Review: The Tide Keeper is a modern opera with old-fashioned tunes",
        "Claudia Benn", "2024-06-19", """
New operas are often praised for their ideas and quietly forgotten for their music. The Tide Keeper may be the exception.
The composer writes long, singable lines, and the second act duet between the keeper and her daughter is already being called a classic.
The staging is simple: a wooden pier, a painted sky, and a chorus that moves like water.
Some of the libretto is clumsy, especially in the first scene, where the plot is explained twice.
The orchestra, under a young conductor making her debut with the company, played with real warmth.
The Tide Keeper runs until the end of July.
""", related=("A guide to the summer opera season", "Writing tunes again: a composer speaks"),
    ),
]

ARTICLES = [*EN, *DE, *FR, *ES, *IT, *PT, *NL]

MAGAZINE = [
    Article(
        "en-mag-film-orchard", "en", "magazine", "The Last Orchard review: a family drama with roots",
        "Nadia Kowalski", "2025-05-02", """
The Last Orchard spends its first hour on a single harvest weekend, and it is in no hurry to leave.
Three adult children come home to help their father pick apples for what he says will be the final time.
## The performances
Everyone is good, but Tomasz Wren as the father is remarkable, proud and frightened in the same breath.
The youngest daughter is written more thinly, and her subplot about a job in the city never comes alive.
## The verdict
It is a small film, but a generous one, and the last scene in the cold store is devastating.
The Last Orchard is now available on DVD and VOD.
""", related=("Family dramas worth your weekend", "Interview: Tomasz Wren on playing his father"),
        comments=("My dad watched it with me and cried.",),
    ),
    Article(
        "en-mag-game-tidepool", "en", "magazine", "Tidepool review: a tiny game about a tiny world",
        "Ellis Grant", "2024-08-15", """
Tidepool puts you in charge of one rock pool for one summer, and somehow that is enough for a whole game.
Each tide brings new creatures, and each creature changes what the others can do.
| Mode | Length | Difficulty |
| Story | 6 hours | Gentle |
| Endless | no end | Hard |
The art is lovely, all soft blues and sudden flashes of orange.
Late in the summer the pool gets crowded, and the interface struggles to keep up.
Score: 4 out of 5
""", related=("Small games with big hearts", "The developer who built a rock pool"),
    ),
    Article(
        "de-mag-theater-kammer", "de", "magazine", "„Die Kammer“ am Stadttheater: ein Abend voller Stille",
        "Paul Hartwig", "2025-02-08", """
„Die Kammer“ spielt in einem einzigen Raum, und die Inszenierung macht daraus eine Stärke.
Vier Geschwister räumen das Zimmer ihrer verstorbenen Mutter aus und finden dabei mehr als alte Briefe.
## Die Darsteller
Das Ensemble ist hervorragend, besonders Ruth Engel als älteste Schwester.
Der Schluss kommt etwas abrupt, aber er wirkt lange nach.
Ein stiller, genauer Theaterabend, den man nicht vergisst.
""", related=("Theater im Frühjahr", "Ruth Engel im Porträt"),
    ),
    Article(
        "fr-mag-musique-nuit", "fr", "magazine", "« Nuits claires », le nouvel album de Maud Lefèvre",
        "Julien Roche", "2024-11-22", """
Maud Lefèvre a enregistré « Nuits claires » seule dans une maison de campagne, et cela s'entend.
Les chansons sont dépouillées : une voix, un piano, parfois un violon au loin.
## Les titres
Le morceau d'ouverture est magnifique, lent et lumineux.
Quelques chansons se ressemblent trop au milieu du disque.
C'est pourtant l'album le plus personnel de sa carrière.
""", related=("Les albums de l'automne", "Maud Lefèvre en concert"),
    ),
]

ARTICLES += MAGAZINE
