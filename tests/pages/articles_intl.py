"""The corpus articles in German, French, Spanish, Italian, Portuguese and Dutch.

Notation of ``body``: see ``templates.py``.
"""

from __future__ import annotations

from .templates import Article

DE = [
    Article(
        "de-wp-film-nebel", "de", "wordpress", "Kritik: „Nebelzeit“ erzählt leise von einem lauten Sommer",
        "Jana Körner", "2025-02-20", """
„Nebelzeit“ beginnt mit einem Autounfall, den wir nie sehen, und erzählt danach von den Wochen, in denen eine Familie lernt, darüber zu schweigen.
Die Regisseurin vertraut ihren Schauspielern. Lange Einstellungen, wenig Musik, viele Blicke aus dem Fenster.
Besonders Karla Wendt als ältere Schwester trägt den Film mit einer Ruhe, die nie kalt wirkt.
~ Lesen Sie auch: Die besten deutschen Filme des Jahres
Im letzten Drittel verliert der Film etwas an Spannung, weil eine Nebenfigur zu viel erklären muss.
Trotzdem ist „Nebelzeit“ einer der stärksten Filme dieses Frühjahrs.
""", related=("Die besten Filme des Frühjahrs", "Interview mit der Regisseurin"),
        comments=("Sehr schöne Kritik, der Film hat mich auch berührt.",),
    ),
    Article(
        "de-ghost-buch-insel", "de", "ghost", "Ein Sommer auf der Insel: Mira Hollands neuer Roman",
        "Tobias Albrecht", "2024-08-12", """
Mira Holland schreibt seit zwanzig Jahren über Menschen, die weggehen. In ihrem neuen Roman bleibt zum ersten Mal jemand.
Die Erzählerin übernimmt nach dem Tod ihres Onkels eine kleine Pension auf einer Nordseeinsel und merkt schnell, dass die Gäste mehr Geschichten mitbringen als Gepäck.
Holland beobachtet genau und mit viel Humor, ohne ihre Figuren vorzuführen.
## Schwächen
Der Mittelteil zieht sich, und eine Liebesgeschichte wirkt eher pflichtschuldig.
Wer leise, genaue Bücher mag, wird diesen Roman lieben.
""", related=("Neue Romane im Herbst", "Mira Holland im Gespräch"),
    ),
    Article(
        "de-news-restaurant-hafen", "de", "news", "Zu Gast im „Hafenkind“: Fisch, Feuer und viel Geduld",
        "Lena Brandstätter", "2025-03-08", """
Das „Hafenkind“ hat im alten Zollhaus eröffnet, und schon der Blick auf die Kräne lohnt den Besuch.
Die Küche arbeitet fast ausschließlich mit regionalem Fisch. Die Karte ist kurz und wechselt jede Woche.
| Gericht | Preis |
| Geräucherte Forelle mit Rote Bete | 16 Euro |
| Kabeljau aus dem Holzofen | 29 Euro |
| Buttermilcheis mit Sanddorn | 9 Euro |
Der Kabeljau war perfekt gegart, saftig und mit einer leicht rauchigen Kruste.
Der Service ist freundlich, aber an vollen Abenden überfordert.
""", related=("Die besten Restaurants am Wasser", "Wo man am Wochenende isst"),
    ),
    Article(
        "de-substack-musik-chor", "de", "substack", "Hörnotizen: Das neue Album von Lichtkammer",
        "Felix Ostermann", "2024-12-02", """
Lichtkammer waren immer eine Band für die späten Stunden, und ihr viertes Album ändert daran nichts.
Die Songs sind langsamer geworden, die Synthesizer wärmer, und die Stimme der Sängerin steht endlich im Vordergrund.
Der beste Moment ist das sieben Minuten lange „Winterglas“, das sich Zeit lässt und dann doch überrascht.
Nicht jedes Stück hält dieses Niveau. Die zweite Hälfte klingt stellenweise wie eine Skizze.
Insgesamt ist es aber ihr bisher schönstes Album.
""", related=("Alben des Jahres", "Lichtkammer live in Leipzig"),
        extra={"subtitle": "Langsam, warm und sehr schön"},
    ),
]

FR = [
    Article(
        "fr-wp-film-marees", "fr", "wordpress", "Critique : « Les Marées basses », un premier film d'une grande douceur",
        "Camille Arnaud", "2024-09-15", """
Pour son premier long métrage, la réalisatrice filme un été dans un village breton où rien ne semble se passer.
Pourtant, derrière les repas de famille et les promenades sur la plage, chaque personnage cache une inquiétude.
Les jeunes acteurs sont remarquables, en particulier Léa Morvan, qui joue une adolescente obstinée avec beaucoup de justesse.
![Léa Morvan dans Les Marées basses]
La mise en scène reste parfois trop sage, et certaines scènes s'étirent inutilement.
Mais le film laisse une impression durable, comme une chanson entendue à la radio un soir d'été.
""", related=("Les meilleurs premiers films de l'année", "Entretien avec la réalisatrice"),
        comments=("Très belle critique, j'ai hâte de le voir.",),
    ),
    Article(
        "fr-blogger-livre-cafe", "fr", "blogger", "Lecture : Le Café des départs, de Julien Berthier",
        "Sophie Lambert", "2023-11-04", """
J'ai lu Le Café des départs en deux soirs, ce qui ne m'arrive presque jamais.
Le roman se déroule dans un café près d'une gare, où le patron écoute les voyageurs raconter pourquoi ils partent.
Chaque chapitre est une rencontre, et certaines sont bouleversantes.
Le style est simple, parfois un peu trop, mais les dialogues sonnent juste.
Je le recommande à tous ceux qui aiment les livres courts et humains.
""", related=("Mes lectures de l'automne", "Romans de gare, romans de vie"),
        comments=("Merci pour la découverte !", "Je l'ai offert à ma mère."),
    ),
    Article(
        "fr-news-expo-lumiere", "fr", "news", "Exposition : la lumière du Nord au musée des Beaux-Arts",
        "Antoine Mercier", "2025-01-28", """
Le musée des Beaux-Arts consacre sa grande exposition d'hiver aux peintres scandinaves de la fin du dix-neuvième siècle.
On y découvre une centaine de tableaux, dont beaucoup n'avaient jamais quitté leur pays.
Les salles consacrées aux intérieurs sont les plus réussies : des pièces vides, des fenêtres, une lumière pâle qui semble réelle.
Le parcours est parfois confus, et les cartels manquent d'informations.
L'exposition est ouverte jusqu'au 30 avril, tous les jours sauf le lundi.
""", related=("Les expositions à voir cet hiver", "Peindre la lumière"),
    ),
    Article(
        "fr-medium-jeu-vent", "fr", "medium", "Vents contraires : le jeu qui m'a réconcilié avec la voile",
        "Hugo Delmas", "2024-06-03", """
Je n'avais jamais navigué avant de jouer à Vents contraires, et je crois que j'ai enfin compris ce qu'est un bord de près.
Le jeu vous confie un petit voilier et une carte d'archipel, puis vous laisse apprendre seul.
Les premières heures sont difficiles, mais chaque traversée réussie procure une vraie fierté.
## Ce qui fonctionne moins bien
L'interface des cartes est confuse, et la musique se répète beaucoup trop.
Malgré ces défauts, c'est l'un des jeux les plus apaisants de l'année.
""", related=("Les meilleurs jeux indépendants de 2024", "Naviguer dans les jeux vidéo"),
    ),
]

ES = [
    Article(
        "es-wp-cine-desierto", "es", "wordpress", "Crítica de «El último verano del desierto»: una película paciente y luminosa",
        "Lucía Ferrer", "2025-04-10", """
«El último verano del desierto» cuenta la historia de un pastor que se niega a abandonar su pueblo cuando todos los demás ya se han ido.
La directora filma el paisaje con una paciencia admirable, sin prisas y sin música innecesaria.
El actor protagonista, un vecino de la zona sin experiencia previa, ofrece una interpretación sorprendente.
~ Foto: Producciones Sierra
El guion pierde fuerza en la segunda mitad, cuando aparece un conflicto con una empresa minera que parece forzado.
Aun así, es una de las películas más bellas del año.
""", related=("Los mejores estrenos de la primavera", "Entrevista con la directora"),
        comments=("Preciosa crítica, iré a verla este fin de semana.",),
    ),
    Article(
        "es-ghost-libro-faro", "es", "ghost", "«La casa del faro», de Marta Ibáñez: una novela sobre el silencio",
        "Diego Salvatierra", "2024-10-01", """
Marta Ibáñez vuelve con una novela breve y contenida sobre una mujer que cuida un faro en la costa gallega.
La autora escribe con frases cortas y precisas, y cada capítulo termina con una imagen que se queda en la memoria.
- Lo mejor: el ritmo y el paisaje.
- Lo peor: un final demasiado abierto.
No es un libro para leer deprisa. Pide atención y la recompensa.
""", related=("Novelas para leer en otoño", "Marta Ibáñez habla de su nuevo libro"),
    ),
    Article(
        "es-news-restaurante-brasa", "es", "news", "Brasa y Sal: cocina de fuego en el antiguo mercado",
        "Álvaro Montes", "2025-02-25", """
Brasa y Sal ocupa uno de los puestos del antiguo mercado de abastos, y la barra está siempre llena.
La carta gira en torno a una parrilla de leña, y casi todo pasa por ella, desde las verduras hasta el pescado.
Las alcachofas a la brasa con romesco son imprescindibles.
El servicio es rápido y simpático, aunque el ruido hace difícil conversar.
Una cena para dos cuesta unos setenta euros con vino.
""", related=("Dónde comer este fin de semana", "Los mejores mercados gastronómicos"),
    ),
    Article(
        "es-substack-serie-puerto", "es", "substack", "Notas sobre «Puerto Norte», la serie del año",
        "Carmen Vidal", "2025-03-20", """
Esta semana he terminado «Puerto Norte» y todavía estoy pensando en su último episodio.
La serie sigue a una familia de pescadores que se ve envuelta en una red de contrabando, pero lo que importa son los silencios entre ellos.
Los guiones son precisos y nunca subestiman al espectador.
Le sobran un par de episodios en la mitad de la temporada, en los que la trama apenas avanza.
Si tenéis tiempo este fin de semana, no os la perdáis.
""", related=("Las mejores series de la primavera", "Cómo se rodó Puerto Norte"),
        extra={"subtitle": "Una reseña sin spoilers"},
    ),
]

IT = [
    Article(
        "it-wp-film-laguna", "it", "wordpress", "Recensione: «La laguna d'inverno», un film che sa aspettare",
        "Giulia Bernardi", "2024-12-12", """
«La laguna d'inverno» racconta una settimana nella vita di un pescatore di Chioggia, tra la nebbia e le reti da riparare.
Il regista sceglie inquadrature lunghe e silenziose, e il risultato è ipnotico.
Il protagonista, un attore non professionista, ha un volto che da solo racconta una vita intera.
~ Leggi anche: I migliori film italiani dell'anno
La seconda parte è meno riuscita, perché introduce una storia d'amore poco credibile.
Resta comunque un film da vedere al cinema, sul grande schermo.
""", related=("I migliori film italiani dell'anno", "Intervista al regista"),
        comments=("Bellissima recensione, grazie!",),
    ),
    Article(
        "it-blogger-libro-treni", "it", "blogger", "Letture: «Treni della notte» di Paolo Ricci",
        "Francesca Neri", "2024-03-18", """
«Treni della notte» è una raccolta di racconti ambientati tutti su treni notturni che attraversano l'Europa.
Ogni racconto ha un narratore diverso, ma alcuni personaggi ritornano, e scoprire i collegamenti è un piacere.
Ricci scrive con eleganza e con una malinconia mai eccessiva.
Qualche racconto è più debole, soprattutto verso la fine.
Lo consiglio a chi ama viaggiare, anche solo con la fantasia.
""", related=("I libri della primavera", "Viaggiare leggendo"),
        comments=("Lo sto leggendo adesso!",),
    ),
    Article(
        "it-news-mostra-vetro", "it", "news", "Mostra: il vetro di Murano in cinque secoli",
        "Marco Santoro", "2025-01-15", """
La nuova mostra del museo civico ripercorre cinque secoli di vetro di Murano, dai calici rinascimentali ai lavori degli artisti contemporanei.
Le sale sono ben illuminate, e molti oggetti si possono osservare da vicino.
| Sezione | Periodo | Opere |
| Rinascimento | 1450-1600 | 40 |
| Novecento | 1900-1999 | 65 |
La sezione dedicata al Novecento è la più sorprendente.
La mostra resta aperta fino a maggio.
""", related=("Le mostre dell'inverno", "Il vetro e la luce"),
    ),
    Article(
        "it-medium-gioco-torre", "it", "medium", "Ho giocato a «La torre del vento» e non riesco a smettere",
        "Luca Ferraro", "2024-11-05", """
«La torre del vento» è un gioco di costruzione in cui ogni piano della torre cambia il clima dell'isola sottostante.
All'inizio sembra semplice, poi ogni decisione diventa un piccolo dilemma.
La grafica ad acquerello è splendida, e la colonna sonora accompagna senza disturbare.
## I difetti
I menu sono poco chiari e il tutorial è troppo breve.
Nonostante questo, è uno dei giochi più originali dell'anno.
""", related=("I migliori giochi indipendenti", "Costruire mondi"),
    ),
]

PT = [
    Article(
        "pt-wp-filme-rio", "pt", "wordpress", "Crítica: «O rio que não dorme» é um filme de silêncios",
        "Inês Carvalho", "2025-03-05", """
«O rio que não dorme» acompanha um barqueiro do Douro durante o último inverno antes da construção de uma ponte.
A realizadora filma o rio com enorme paciência, e cada plano parece uma pintura.
O protagonista, um actor veterano, tem uma presença extraordinária mesmo quando não diz nada.
~ Foto: Filmes do Norte
O terceiro acto é mais fraco, com um conflito familiar resolvido depressa demais.
Mesmo assim, é um dos filmes portugueses mais bonitos dos últimos anos.
""", related=("Os melhores filmes portugueses do ano", "Entrevista com a realizadora"),
        comments=("Vou ver no fim de semana.",),
    ),
    Article(
        "pt-ghost-livro-casa", "pt", "ghost", "«A casa das janelas azuis», de Rita Moura",
        "João Falcão", "2024-09-09", """
Rita Moura regressa com um romance sobre três irmãs que herdam uma casa antiga em Lisboa e não sabem o que fazer com ela.
A escrita é elegante e cheia de humor, e as irmãs são personagens que apetece conhecer.
- O melhor: os diálogos.
- O pior: um final apressado.
É um livro perfeito para ler numa tarde de chuva.
""", related=("Livros para o outono", "Rita Moura fala do seu novo romance"),
    ),
    Article(
        "pt-news-restaurante-mar", "pt", "news", "Maré Alta: peixe grelhado e paciência junto ao porto",
        "Beatriz Lopes", "2025-02-14", """
O Maré Alta abriu há seis meses num antigo armazém de bacalhau, e as mesas estão sempre cheias.
A carta é curta e depende do que chega do mar todas as manhãs.
O polvo grelhado com batata a murro é o prato que todos pedem, e com razão.
O serviço é simpático, mas nas noites de sexta-feira a espera pode ser longa.
Um jantar para dois custa cerca de sessenta euros com vinho.
""", related=("Onde comer este fim de semana", "Os melhores restaurantes de peixe"),
    ),
    Article(
        "pt-substack-musica-fado", "pt", "substack", "Notas de escuta: o novo disco de Clara Viana",
        "Miguel Teixeira", "2024-12-20", """
Clara Viana canta fado há quinze anos, mas este é o primeiro disco em que soa verdadeiramente livre.
Os arranjos são mínimos: uma guitarra portuguesa, uma viola e, em dois temas, um violoncelo.
A voz está gravada muito perto, e cada respiração faz parte da música.
Nem todos os temas têm a mesma força, e o penúltimo parece deslocado.
Ainda assim, é um dos discos mais bonitos do ano.
""", related=("Os discos do ano", "Clara Viana ao vivo"),
        extra={"subtitle": "Um disco íntimo e livre"},
    ),
]

NL = [
    Article(
        "nl-wp-film-polder", "nl", "wordpress", "Recensie: ‘De stille polder’ is een film die de tijd neemt",
        "Sanne de Vries", "2024-10-30", """
‘De stille polder’ volgt een boer die na de dood van zijn vrouw alleen achterblijft op een afgelegen boerderij.
De regisseur filmt het landschap in lange, rustige shots, en de stilte zegt meer dan de dialogen.
Hoofdrolspeler Willem Bakker speelt ingetogen en overtuigend.
~ Lees ook: De beste Nederlandse films van het jaar
Het laatste halfuur is minder sterk, omdat er plotseling te veel gebeurt.
Toch is dit een van de mooiste films van het najaar.
""", related=("De beste films van het najaar", "Interview met de regisseur"),
        comments=("Mooie recensie, ik ga hem zeker zien.",),
    ),
    Article(
        "nl-blogger-boek-tuin", "nl", "blogger", "Gelezen: ‘De tuin van mijn moeder’ van Eva Jansen",
        "Pieter Smit", "2024-04-22", """
‘De tuin van mijn moeder’ is een klein boek over een groot verdriet.
Eva Jansen beschrijft hoe ze na de dood van haar moeder een jaar lang haar tuin onderhoudt, seizoen na seizoen.
Het is eerlijk, soms grappig en nooit sentimenteel.
Sommige hoofdstukken zijn wat kort, alsof ze nog niet af zijn.
Een aanrader voor iedereen die van stille boeken houdt.
""", related=("Boeken voor de lente", "Schrijven over rouw"),
        comments=("Prachtig boek, ik heb het twee keer gelezen.",),
    ),
    Article(
        "nl-news-museum-licht", "nl", "news", "Tentoonstelling: Hollands licht in het stadsmuseum",
        "Daan Mulder", "2025-01-20", """
Het stadsmuseum toont deze winter zeventig schilderijen van Hollandse meesters, allemaal gekozen om hun licht.
De zalen zijn donker ingericht, zodat de schilderijen bijna van binnenuit lijken te stralen.
| Zaal | Thema | Schilderijen |
| Een | Interieurs | 25 |
| Twee | Landschappen | 30 |
| Drie | Portretten | 15 |
De zaal met interieurs is het hoogtepunt van de tentoonstelling.
De tentoonstelling is te zien tot en met april.
""", related=("Tentoonstellingen van de winter", "Schilderen met licht"),
    ),
    Article(
        "nl-ghost-game-dijk", "nl", "ghost", "Dijkwachter: een bouwspel over water en geduld",
        "Lotte Visser", "2024-08-28", """
In Dijkwachter beheer je een klein dorp achter een dijk, en elke storm kan alles wegvagen.
Het spel is rustig en strategisch, en elke beslissing over zand, stenen en mensen telt.
De tekeningen zijn prachtig en de muziek is rustgevend.
## Minpunten
De uitleg in het begin is te kort, en sommige menu's zijn onduidelijk.
Toch is Dijkwachter een van de origineelste spellen van dit jaar.
""", related=("De beste indiegames van het jaar", "Water in videogames"),
    ),
]
