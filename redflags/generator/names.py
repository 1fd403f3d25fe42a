"""Small name and place vocabularies (illustrative, not real people)."""
from __future__ import annotations

DK_F = ["Anna", "Emma", "Ida", "Freja", "Sofie", "Laura", "Mette", "Hanne", "Karen", "Camilla", "Louise", "Julie",
        "Maria", "Christina", "Line", "Signe", "Birgitte", "Lene", "Susanne", "Pernille", "Nanna", "Mathilde"]
DK_M = ["Mads", "Lars", "Jens", "Peter", "Søren", "Morten", "Anders", "Niels", "Rasmus", "Jesper", "Thomas",
        "Henrik", "Martin", "Kasper", "Frederik", "Mikkel", "Christian", "Jakob", "Ole", "Emil", "Oliver", "Lucas"]
DK_LAST = ["Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen",
           "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Christiansen", "Poulsen", "Johansen",
           "Møller", "Mortensen", "Knudsen", "Jakobsen", "Mikkelsen", "Frederiksen", "Lund", "Holm", "Schmidt"]
FOREIGN = {
    "PL": (["Anna", "Katarzyna", "Magdalena", "Agnieszka"], ["Piotr", "Tomasz", "Krzysztof", "Marek"],
           ["Kowalski", "Nowak", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński"]),
    "RO": (["Ioana", "Elena", "Andreea", "Maria"], ["Andrei", "Mihai", "Ionuț", "Florin"],
           ["Popescu", "Ionescu", "Popa", "Dumitru", "Stan", "Stoica", "Gheorghe"]),
    "DE": (["Julia", "Lena", "Katrin", "Sabine"], ["Jan", "Lukas", "Stefan", "Michael"],
           ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker"]),
    "SE": (["Elsa", "Karin", "Lina", "Astrid"], ["Erik", "Johan", "Karl", "Nils"],
           ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Lindberg"]),
    "UA": (["Olena", "Iryna", "Natalia", "Svitlana", "Oksana"], ["Oleksandr", "Andrii", "Dmytro", "Serhii"],
           ["Shevchenko", "Kovalenko", "Bondarenko", "Tkachenko", "Kravchenko", "Melnyk", "Boyko"]),
    "LT": (["Rūta", "Eglė", "Greta"], ["Tomas", "Mantas", "Lukas"], ["Kazlauskas", "Petrauskas", "Jankauskas"]),
    "IN": (["Priya", "Ananya", "Divya"], ["Rahul", "Arjun", "Vikram"], ["Sharma", "Patel", "Reddy", "Iyer", "Gupta"]),
    "PH": (["Maria", "Angelica", "Joy"], ["Jose", "Mark", "Paolo"], ["Santos", "Reyes", "Cruz", "Bautista", "Garcia"]),
    "CN": (["Li Na", "Wang Fang", "Zhang Min"], ["Wang Wei", "Li Qiang", "Zhang Lei", "Liu Yang"],
           ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao"]),
    "TR": (["Ayşe", "Elif", "Zeynep"], ["Mehmet", "Mustafa", "Emre"], ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik"]),
    "MA": (["Fatima", "Khadija", "Salma"], ["Youssef", "Mohamed", "Hamza", "Karim", "Ayoub", "Ilyas"],
           ["Benali", "El Amrani", "Bouzid", "Haddou", "Ziani", "Tahiri", "Alaoui", "Idrissi"]),
    "PK": (["Ayesha", "Sana", "Hira"], ["Ali", "Usman", "Bilal", "Imran"], ["Khan", "Ahmed", "Malik", "Hussain", "Qureshi"]),
    "NG": (["Blessing", "Chioma", "Ngozi"], ["Chinedu", "Emeka", "Tunde"], ["Okafor", "Adeyemi", "Eze", "Okonkwo", "Bello"]),
    "TH": (["Siriporn", "Nok", "Ploy"], ["Somchai", "Anan"], ["Srisuk", "Chaiyaporn", "Wongsa"]),
    "BG": (["Maria", "Elena", "Desislava"], ["Georgi", "Ivan", "Dimitar"], ["Ivanov", "Petrov", "Georgiev", "Dimitrov"]),
    "MD": (["Ana", "Cristina"], ["Ion", "Vasile"], ["Rusu", "Ceban", "Ciobanu"]),
}
# city, postcode, weight (roughly population)
CITIES = [("København", "2200", 30), ("Aarhus", "8000", 14), ("Odense", "5000", 8), ("Aalborg", "9000", 7),
          ("Esbjerg", "6700", 4), ("Randers", "8900", 3), ("Kolding", "6000", 3), ("Horsens", "8700", 3),
          ("Vejle", "7100", 3), ("Roskilde", "4000", 3), ("Herning", "7400", 2), ("Silkeborg", "8600", 2),
          ("Næstved", "4700", 2), ("Fredericia", "7000", 2), ("Viborg", "8800", 2), ("Køge", "4600", 2),
          ("Holstebro", "7500", 1), ("Slagelse", "4200", 1), ("Frederiksberg", "2000", 4), ("Helsingør", "3000", 2)]
STREETS = ["Nørrebrogade", "Vesterbrogade", "Jagtvej", "Amagerbrogade", "Søndergade", "Østergade", "Vestergade",
           "Algade", "Kongensgade", "Skolevej", "Parkvej", "Engvej", "Birkevej", "Kirkevej", "Strandvejen",
           "Hovedgaden", "Bredgade", "Grønnegade", "Møllevej", "Stationsvej", "Frederiksgade", "Havnegade"]
BANKS = ["Danske Bank", "Nordea", "Jyske Bank", "Sydbank", "Nykredit", "Arbejdernes Landsbank", "Spar Nord", "Lunar"]
