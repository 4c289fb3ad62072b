"""About Raati: what it is, how it protects the people who answer, and credits."""

import streamlit as st

from raati import config

st.title("Raati")
st.markdown(
    f"""
Raati kerää **nimettömän palautteen** kuntouttavan työtoiminnan ja työpajojen asiakkailta
– pajan yhteisellä tabletilla tai omalla puhelimella QR-koodin kautta – ja auttaa
asiakasraatia, kehittäjäasiakkaita ja henkilöstöä tekemään palautteesta muutoksia.

**Yksityisyys**
- Vastauksiin ei tallenneta nimeä, IP-osoitetta, laitetta eikä kellonaikaa – vain päivämäärä.
- Tuloksia ei näytetä, jos vastaajia on alle {config.min_group()}.
- Avoimet vastaukset näytetään muille vasta, kun henkilöstö on tarkistanut ne.

**Kuvat:** All emojis designed by OpenMoji – the open-source emoji and icon project
(https://openmoji.org/). License: CC BY-SA 4.0. Luettelo kuvista:
`survey_defs/pictures/LICENSES.md` ja `raati/assets/faces/LICENSES.md`.
"""
)
