"""Word and name lists of the article generator (`generate.py`): fixed, whatever the seed."""

from __future__ import annotations

COMMON_WORDS: tuple[str, ...] = tuple(
    """
the of and to a in is that for it as was with be by on not he this are or his from at which
but have an they you were her she there been one all we their has would when if more will no
other can its who said so what up into them about out time than then only some could these two
may first new like my any now over such our man me even most made after also did many before
must through back years where much your way well down should because each just those people
how too little state good very make world still own see men work long get here between both
life being under never day same another know while last might us great old year off come since
against go came right used take three states himself few house use during without again place
american around however home small found thought went say part once general high upon school
every don does got united left number course war until always away something fact though water
less public put think almost hand enough far took head yet government system better set told
nothing night end why called didn eyes find going look asked later knew point next program city
business give group toward young days let room president side social given present several
order national possible rather second face per among form important often things looking early
white case john become large big need four within felt along children saw best church ever
least power development light thing seemed family interest want members mind country area others
done turned although open god service certain kind problem began different door thus help sense
means whole matter perhaps itself york times law human line above name example action company
hands local show whether five history gave today either act feet across taken past quite anyone
having seen death experience body word half really week field car words already themselves
information tell together college shall money period held keep sure probably free seems
political real behind cannot policy question air office brought whose
""".split()
)

# ---------------------------------------------------------------------------------------------
# Names from many countries.
# ---------------------------------------------------------------------------------------------
FIRST_NAMES: tuple[str, ...] = tuple(
    """
James Mary Robert Patricia Michael Jennifer David Linda William Elizabeth Richard Susan Thomas
Sarah Christopher Karen Daniel Nancy Matthew Laura Anthony Emily Mark Anna Paul Emma Steven Olivia
Andrew Sophie Oliver Charlotte Harry Amelia George Isla Jack Grace Liam Chloe Noah Lucy Ethan Ella
Pierre Camille Jean Juliette Luc Manon Hans Greta Klaus Ingrid Jurgen Heike Stefan Lena Lars Astrid
Erik Sigrid Olaf Freya Giovanni Giulia Marco Chiara Luca Francesca Alessandro Sofia Carlos Lucia
Miguel Carmen Javier Elena Diego Isabel Pablo Rosa Juan Ana Joao Beatriz Pedro Mariana Rafael
Gabriela Vladimir Natalia Sergei Olga Dmitri Irina Alexei Tatiana Ivan Svetlana Andrzej Agnieszka
Piotr Katarzyna Tomasz Magdalena Jan Eva Petr Jana Mehmet Ayse Mustafa Fatma Ahmet Zeynep Ali Leyla
Mohammed Fatima Ahmed Aisha Omar Layla Hassan Mariam Yusuf Noor Ibrahim Amina Kwame Abena Chinedu
Ngozi Oluwaseun Folake Tendai Chipo Thabo Nomvula Jomo Wanjiru Amadou Aminata Moussa Awa Wei Li
Jian Xiu Hao Mei Jun Ling Hiroshi Yuki Takeshi Aiko Kenji Haruka Satoshi Naomi Min Jiyeon Seojun
Minji Jihoon Soyeon Raj Priya Arjun Ananya Vikram Deepa Rahul Kavya Sanjay Lakshmi Nguyen Linh
Minh Thu Somchai Siriporn Budi Siti Agus Dewi Jose Maria Rizal Imelda Ravi Sunita Tariq Zainab
Reza Shirin Dariusz Ewa Mateo Valentina Santiago Camila Sebastian Martina Felipe Daniela Andres
Paula Alejandro Florencia Kofi Efua Tunde Bisi Yaw Akua Haile Tigist Abebe Mekdes Moshe Tamar Avi
Yael Nikos Eleni Giorgos Dimitra Aleksandar Milica Nikola Jelena Bogdan Ioana Mihai Andreea Laszlo
Zsofia Gabor Katalin Mikko Aino Jukka Saara Sean Aoife Ciaran Siobhan Rhys Cerys Callum Eilidh
""".split()
)

LAST_NAMES: tuple[str, ...] = tuple(
    """
Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Martin Jackson
Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Green Baker Adams
Nelson Hill Campbell Mitchell Roberts Carter Phillips Evans Turner Parker Collins Edwards Stewart
Morris Murphy Cook Rogers Morgan Cooper Peterson Reed Bailey Kelly Howard Dubois Lefebvre Moreau
Laurent Girard Bonnet Mercier Muller Schmidt Schneider Fischer Weber Wagner Becker Hoffmann Schulz
Koch Richter Klein Wolf Neumann Braun Hansen Johansen Nielsen Larsen Andersen Lindqvist Eriksson
Nilsson Berg Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo
Garcia Rodriguez Martinez Hernandez Lopez Gonzalez Perez Sanchez Ramirez Torres Flores Rivera Gomez
Diaz Reyes Morales Ortiz Castillo Silva Santos Oliveira Souza Costa Pereira Ferreira Almeida
Carvalho Ivanov Petrov Sidorov Smirnov Kuznetsov Popov Volkov Sokolov Lebedev Kozlov Novak Kowalski
Nowak Wisniewski Wojcik Kaminski Dvorak Svoboda Horvat Kovacs Nagy Szabo Toth Yilmaz Kaya Demir
Sahin Celik Ozturk Aydin Arslan Haddad Khoury Mansour Nasser Hamdan Saleh Khalil Rahman Hussein
Abdullah Karimi Hosseini Ahmadi Rezaei Mensah Owusu Boateng Asante Okafor Okonkwo Adeyemi Balogun
Nwosu Mwangi Kamau Otieno Kiprop Ndlovu Dlamini Nkosi Mokoena Diallo Traore Keita Coulibaly Toure
Wang Li Zhang Liu Chen Yang Huang Zhao Zhou Wu Xu Sun Ma Zhu Hu Guo Lin Tanaka Suzuki Takahashi
Watanabe Ito Yamamoto Nakamura Kobayashi Kato Yoshida Kim Lee Park Choi Jung Kang Cho Yoon Jang
Sharma Patel Singh Kumar Gupta Reddy Iyer Nair Rao Mehta Joshi Desai Chopra Banerjee Tran Le Pham
Hoang Phan Vu Dang Bui Santoso Wijaya Susanto Hidayat Cruz Bautista Mendoza Villanueva Ramos
Aquino Khan Ahmed Malik Hussain Chaudhry Qureshi Cohen Levi Mizrahi Friedman Papadopoulos
Georgiou Nikolaidis Petrovic Jovanovic Nikolic Popescu Ionescu Constantin Virtanen Korhonen
Makinen Murray Byrne Walsh Ryan Doyle Gallagher Kennedy Sullivan Jenkins Hughes Lloyd Morgan Price
""".split()
)

COUNTRIES: tuple[str, ...] = tuple(
    """
Afghanistan|Albania|Algeria|Angola|Argentina|Armenia|Australia|Austria|Azerbaijan|Bahrain|
Bangladesh|Belarus|Belgium|Bolivia|Bosnia|Botswana|Brazil|Bulgaria|Cambodia|Cameroon|Canada|Chad|
Chile|China|Colombia|Congo|Costa Rica|Croatia|Cuba|Cyprus|Czech Republic|Denmark|Ecuador|Egypt|
El Salvador|Estonia|Ethiopia|Fiji|Finland|France|Gabon|Georgia|Germany|Ghana|Greece|Guatemala|
Guinea|Haiti|Honduras|Hungary|Iceland|India|Indonesia|Iran|Iraq|Ireland|Israel|Italy|Jamaica|
Japan|Jordan|Kazakhstan|Kenya|Kuwait|Kyrgyzstan|Laos|Latvia|Lebanon|Libya|Lithuania|Luxembourg|
Madagascar|Malawi|Malaysia|Mali|Malta|Mexico|Moldova|Mongolia|Montenegro|Morocco|Mozambique|
Myanmar|Namibia|Nepal|Netherlands|New Zealand|Nicaragua|Niger|Nigeria|North Korea|Norway|Oman|
Pakistan|Panama|Paraguay|Peru|Philippines|Poland|Portugal|Qatar|Romania|Russia|Rwanda|
Saudi Arabia|Senegal|Serbia|Singapore|Slovakia|Slovenia|Somalia|South Africa|South Korea|
South Sudan|Spain|Sri Lanka|Sudan|Sweden|Switzerland|Syria|Taiwan|Tajikistan|Tanzania|Thailand|
Tunisia|Turkey|Turkmenistan|Uganda|Ukraine|United Kingdom|United States|Uruguay|Uzbekistan|
Venezuela|Vietnam|Yemen|Zambia|Zimbabwe
""".replace("\n", "").split("|")
)

CITIES: tuple[str, ...] = tuple(
    """
Beijing|Shanghai|Moscow|London|Paris|Berlin|Madrid|Rome|Tokyo|Seoul|New Delhi|Mumbai|Kolkata|
Karachi|Lahore|Dhaka|Jakarta|Manila|Bangkok|Hanoi|Ho Chi Minh City|Kuala Lumpur|Singapore City|
Sydney|Melbourne|Auckland|Wellington|Ottawa|Toronto|Vancouver|Montreal|Washington|New York|
Los Angeles|Chicago|Houston|Miami|Boston|San Francisco|Seattle|Mexico City|Havana|Bogota|Lima|
Santiago|Buenos Aires|Sao Paulo|Rio de Janeiro|Brasilia|Caracas|Quito|La Paz|Montevideo|Cairo|
Alexandria|Lagos|Abuja|Accra|Nairobi|Addis Ababa|Kampala|Kigali|Dar es Salaam|Johannesburg|
Cape Town|Pretoria|Harare|Lusaka|Luanda|Kinshasa|Dakar|Bamako|Casablanca|Rabat|Algiers|Tunis|
Tripoli|Khartoum|Riyadh|Jeddah|Dubai|Abu Dhabi|Doha|Muscat|Tehran|Baghdad|Damascus|Beirut|Amman|
Jerusalem|Tel Aviv|Ankara|Istanbul|Athens|Sofia|Bucharest|Belgrade|Zagreb|Budapest|Vienna|Prague|
Warsaw|Krakow|Kyiv|Kharkiv|Odesa|Minsk|Vilnius|Riga|Tallinn|Helsinki|Stockholm|Oslo|Copenhagen|
Amsterdam|Rotterdam|Brussels|Luxembourg City|Geneva|Zurich|Munich|Hamburg|Frankfurt|Milan|Naples|
Barcelona|Valencia|Lisbon|Porto|Dublin|Edinburgh|Glasgow|Manchester|Birmingham|Cardiff|Belfast|
Reykjavik|Tbilisi|Yerevan|Baku|Astana|Almaty|Tashkent|Bishkek|Dushanbe|Ashgabat|Kabul|Islamabad|
Kathmandu|Colombo|Yangon|Phnom Penh|Vientiane|Ulaanbaatar|Pyongyang|Busan|Osaka|Kyoto|Nagoya|
Taipei|Hong Kong|Macau|Shenzhen|Guangzhou|Chengdu|Wuhan|Xian|Tianjin|Chongqing|Harbin|Vladivostok|
Saint Petersburg|Novosibirsk|Yekaterinburg|Kazan|Sochi|Murmansk|Anchorage|Honolulu|Denver|Phoenix|
Dallas|Atlanta|Detroit|Philadelphia|Baltimore|Minneapolis|Calgary|Winnipeg|Quebec City|Halifax|
Guadalajara|Monterrey|Panama City|San Jose|Managua|Tegucigalpa|Guatemala City|San Salvador|
Kingston|Port-au-Prince|Santo Domingo|Medellin|Cali|Guayaquil|Cusco|Asuncion|Cordoba|Rosario|
Valparaiso|Salvador|Recife|Fortaleza|Manaus|Porto Alegre|Curitiba|Perth|Brisbane|Adelaide|Darwin|
Christchurch|Suva|Port Moresby|Mombasa|Kano|Ibadan|Kumasi|Abidjan|Conakry|Freetown|Monrovia|
Ouagadougou|Niamey|Ndjamena|Yaounde|Douala|Libreville|Brazzaville|Lubumbashi|Maputo|Windhoek|
Gaborone|Antananarivo|Port Louis|Mogadishu|Djibouti|Asmara|Juba|Sanaa|Aden|Manama|Kuwait City|
Basra|Mosul|Aleppo|Homs|Izmir|Thessaloniki|Nicosia|Valletta|Marseille|Lyon|Toulouse|Nice|Bordeaux|
Lille|Strasbourg|Cologne|Stuttgart|Dresden|Leipzig|Gdansk|Wroclaw|Brno|Bratislava|Ljubljana|
Sarajevo|Skopje|Tirana|Podgorica|Chisinau|Lviv|Dnipro|Gothenburg|Malmo|Bergen|Aarhus|Antwerp|
Utrecht|The Hague|Seville|Bilbao|Malaga|Florence|Venice|Turin|Genoa|Palermo|Bologna
""".replace("\n", "").split("|")
)

NATIONALITIES: tuple[str, ...] = tuple(
    """
American British French German Russian Chinese Japanese Korean Indian Pakistani Brazilian
Mexican Canadian Australian Italian Spanish Portuguese Turkish Iranian Iraqi Syrian Egyptian
Nigerian Kenyan Ethiopian Ukrainian Polish Dutch Belgian Swiss Swedish Norwegian Danish Finnish
Greek Israeli Palestinian Saudi Afghan Vietnamese Thai Indonesian Filipino Malaysian Argentine
Chilean Colombian Venezuelan Cuban Irish Scottish Welsh Hungarian Romanian Serbian
""".split()
)

SOURCES: tuple[str, ...] = tuple(
    """
Reuters|Associated Press|Agence France-Presse|BBC News|The Guardian|The New York Times|
The Washington Post|Al Jazeera|Xinhua|TASS|Kyodo News|Yonhap|Deutsche Welle|Le Monde|El Pais|
The Times of India|The Hindu|Dawn|The Straits Times|South China Morning Post|The Japan Times|
The Sydney Morning Herald|CBC News|Bloomberg|Financial Times|The Economist|Politico|NPR|CNN|
Sky News|Euronews|France 24|Anadolu Agency|Daily Nation|Mail and Guardian|Buenos Aires Herald|
Folha|The Moscow Times|Kyiv Independent|Haaretz|Gulf News|Bangkok Post
""".replace("\n", "").split("|")
)

MINISTRY_TOPICS: tuple[str, ...] = tuple(
    """
Finance|Defence|Health|Education|Foreign Affairs|Interior|Justice|Agriculture|Energy|Trade|
Transport|Labour|Culture|Environment|Tourism|Industry|Communications|Housing|Mines|Fisheries|
Water Resources|Science and Technology|Economic Development|Social Affairs|Public Security
""".replace("\n", "").split("|")
)

REAL_ACRONYMS: tuple[str, ...] = tuple(
    """
NATO APEC UN WHO IMF OPEC EU ASEAN WTO UNESCO UNICEF FIFA IAEA OECD BRICS G7 G20 NASA FBI CIA ECB
SCO UNHCR ICC ILO FAO IOC ESA CERN OAS ECOWAS SADC GCC IEA BIS IFC ADB AIIB NAFTA UEFA
""".split()
)

COLLOCATIONS: tuple[str, ...] = tuple(
    """
prime minister|foreign minister|central bank|interest rates|human rights|climate change|
supreme court|stock market|trade deal|security council|election campaign|press conference|
oil prices|economic growth|public health|armed forces|national security|tax cuts|joint statement|
peace talks|free trade agreement|gross domestic product|chief executive|opposition leader|
state media|military exercises|border crossing|nuclear weapons|energy crisis|inflation rate|
budget deficit|foreign investment|natural gas|renewable energy|presidential election|
ceasefire agreement|refugee camp|humanitarian aid|cyber attack|news agency|police officers|
financial markets|world cup|heavy rain|death toll|rescue workers|power plant|local elections|
trade war|supply chain|vaccine rollout|labour market|housing market|state visit|bilateral talks|
economic sanctions|defence spending|interest rate cut|emergency meeting|court ruling
""".replace("\n", "").split("|")
)

MONTHS = (
    "January February March April May June July August September October November December"
).split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
SMALL_WORDS = frozenset("a an the of in on and or to for at by with from as but nor".split())
SAID_VERBS = ("said", "told reporters", "added", "noted", "warned", "explained")
