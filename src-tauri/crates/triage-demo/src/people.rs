//! Customers: French and English names, accents and all.

use crate::rng::Rng;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Fr,
    En,
}

pub struct Customer {
    pub name: String,
    pub lang: Lang,
}

const FR_FIRST: &[&str] = &[
    "Amélie", "François", "Zoé", "Hélène", "Jérôme", "Noémie", "Loïc", "Maëlle", "Raphaël", "Gaëlle",
    "Benoît", "Cécile", "Léa", "Inès", "Élodie", "Thérèse", "Mathéo", "Clément", "Océane", "Anaïs",
    "Sébastien", "Chloé", "Émile", "Aurélien", "Léon", "Manon", "Hugo", "Camille", "Julien", "Margaux",
    "Marie-Hélène", "Jean-Loïc", "Stéphane", "Agathe", "Théo", "Solène",
];
const FR_LAST: &[&str] = &[
    "Durand", "Lefèvre", "Dubois", "Moreau", "Laurent", "Girard", "Bonnet", "Fontaine", "Mercier",
    "Rousseau", "Lemaître", "Gauthier", "Chevalier", "Faure", "Gérard", "Perrin", "Leclerc", "Bérenger",
    "Roux", "Morel", "Dupré", "Marchand", "Barbier", "Lacroix", "Noël", "Delacroix", "Brûlé", "Hébert",
    "Lefebvre", "Côté",
];
const EN_FIRST: &[&str] = &[
    "Oliver", "Emily", "Zoë", "Harry", "Charlotte", "Renée", "Chloë", "Noah", "Amelia", "Siobhán",
    "Seán", "Grace", "Jack", "Isla", "Thomas", "Ruby", "Daniel", "Sophie", "Liam", "Niamh", "Ethan",
    "Hannah", "George", "Matilda", "Priya", "Aoife",
];
const EN_LAST: &[&str] = &[
    "Bennett", "Carter", "Whitfield", "O'Brien", "Hughes", "Gallagher", "Clarke", "Thompson", "Walsh",
    "Patel", "Evans", "Murphy", "Wright", "Fletcher", "Doyle", "Harrison", "Kennedy", "Sinclair",
    "McAllister", "O'Connor", "Khan", "Brennan",
];

pub fn customer(rng: &mut Rng) -> Customer {
    let lang = if rng.chance(55) { Lang::Fr } else { Lang::En };
    let (first, last) = match lang {
        Lang::Fr => (FR_FIRST, FR_LAST),
        Lang::En => (EN_FIRST, EN_LAST),
    };
    let name = format!("{} {}", rng.pick(first), rng.pick(last));
    Customer { name, lang }
}
