"""Name, street and place lists for the *synthetic* direct identifiers of the raw cohort.

First and last names are common French names combined at random: any resemblance of a
generated (name, birth date, address) to a real person is coincidental. Communes and postal
codes are real places, used only so that the pseudonymisation exercise looks like a real
export; street addresses are invented.
"""

from __future__ import annotations

FIRST_NAMES_F = (
    "Marie Jeanne Monique Françoise Nicole Catherine Sylvie Isabelle Nathalie Christine "
    "Martine Jacqueline Danielle Michèle Brigitte Anne Sophie Valérie Sandrine Chantal "
    "Josiane Odette Simone Yvette Paulette Colette Denise Élise Fatima Aïcha Julie Camille "
    "Laura Sarah Émilie Céline Hélène Patricia Véronique Dominique"
).split()

FIRST_NAMES_M = (
    "Jean Pierre Michel André Philippe Alain Bernard Jacques Daniel Claude Patrick Gérard "
    "Christian René Louis Henri Marcel Robert Roger Georges François Nicolas Christophe "
    "Stéphane Laurent Olivier Thierry Éric Frédéric David Mohamed Ahmed Karim Thomas Julien "
    "Maxime Antoine Yves Serge Guy"
).split()

LAST_NAMES = (
    "Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel "
    "Lefebvre Leroy Roux David Bertrand Morel Fournier Girard Bonnet Dupont Lambert Fontaine "
    "Rousseau Vincent Muller Lefèvre Faure André Mercier Blanc Guérin Boyer Garnier Chevalier "
    "François Legrand Gauthier Garcia Perrin Robin Clément Morin Nicolas Henry Roussel Mathieu "
    "Masson Marchand Duval Denis Dumont Lemaire Noël Meyer Dufour Meunier Brun Blanchard Giraud "
    "Joly Rivière Lucas Brunet Gaillard Barbier Arnaud Martinez Roche Renard Schmitt Roy Colin "
    "Vidal Caron Picard Fabre Aubert Lemoine Renaud Dumas Lacroix Olivier Bourgeois Rey Leclerc "
    "Rolland Lecomte Lopez Dupuy Hubert Berger Carpentier Sanchez Moulin Deschamps Huet Perez "
    "Fleury Klein Adam Poirier Marty Aubry Guyot Carré Charpentier Ménard Maillard Baron Bertin "
    "Bailly Hervé Schneider Fernandez Collet Léger Bouvier Julien Prévost Millet Perrot Germain "
    "Breton Besson Langlois Pelletier Perrier Leblanc Lebrun Weber Mallet Hamon Boulanger Jacob "
    "Monnier Michaud Rodriguez Gillet Étienne Poulain Tessier Collin Chauvin Benali Haddad "
    "Nguyen Diallo Traoré Mendes Ferreira Rossi Kaya Bouzid"
).split()

STREETS = (
    "rue de la République",
    "rue Victor-Hugo",
    "avenue Jean-Jaurès",
    "rue Pasteur",
    "place de l'Église",
    "chemin des Vignes",
    "rue du Moulin",
    "route nationale",
    "rue des Écoles",
    "impasse des Lilas",
    "boulevard Gambetta",
    "rue Jules-Ferry",
    "allée des Tilleuls",
    "rue de la Gare",
    "avenue du Général-de-Gaulle",
)

# département -> (urban communes, rural communes), each (commune, postal code).
COMMUNES: dict[str, tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]] = {
    "69": (
        (("Lyon", "69003"), ("Lyon", "69008"), ("Villeurbanne", "69100"), ("Vénissieux", "69200")),
        (
            ("Saint-Laurent-de-Chamousset", "69930"),
            ("Thizy-les-Bourgs", "69240"),
            ("Beaujeu", "69430"),
        ),
    ),
    "01": (
        (("Bourg-en-Bresse", "01000"), ("Oyonnax", "01100")),
        (("Pont-de-Vaux", "01190"), ("Châtillon-sur-Chalaronne", "01400"), ("Nantua", "01130")),
    ),
    "38": (
        (("Vienne", "38200"), ("Bourgoin-Jallieu", "38300")),
        (("La Mure", "38350"), ("Saint-Marcellin", "38160"), ("La Côte-Saint-André", "38260")),
    ),
    "42": (
        (("Saint-Étienne", "42000"), ("Roanne", "42300")),
        (("Noirétable", "42440"), ("Feurs", "42110"), ("Boën-sur-Lignon", "42130")),
    ),
    "03": (
        (("Montluçon", "03100"), ("Moulins", "03000"), ("Vichy", "03200")),
        (("Cérilly", "03350"), ("Hérisson", "03190"), ("Marcillat-en-Combraille", "03420")),
    ),
    "63": (
        (("Clermont-Ferrand", "63000"), ("Riom", "63200")),
        (("Ambert", "63600"), ("Saint-Gervais-d'Auvergne", "63390"), ("Pontaumur", "63380")),
    ),
    "23": (
        (("Guéret", "23000"),),
        (
            ("Aubusson", "23200"),
            ("Bourganeuf", "23400"),
            ("Felletin", "23500"),
            ("Boussac", "23600"),
        ),
    ),
    "18": (
        (("Bourges", "18000"), ("Vierzon", "18100")),
        (("Saint-Amand-Montrond", "18200"), ("Sancoins", "18600"), ("Lignières", "18160")),
    ),
}

# Other French birth départements (metropolitan) for people born away from where they live.
OTHER_BIRTH_DEPTS = ("75", "13", "59", "33", "67", "31", "44", "29", "57", "21", "71", "87")
# INSEE country codes (last 3 digits of the 99xxx code) for people born abroad.
BIRTH_COUNTRIES = ("352", "350", "351", "139", "127", "134")
