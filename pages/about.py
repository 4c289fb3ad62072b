"""About Raati: what it is, how it protects the people who answer, and credits."""

import streamlit as st

from raati import config
from raati.i18n import translation_status

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

# -- interface languages (issue 11): what is translated and what a native speaker checked --
st.subheader("Käyttöliittymän kielet")
st.write(
    "Vastaajan näkymät (kysely, ilmoitukset, QR-juliste) ovat kaikilla alla olevilla "
    "kielillä. Henkilöstön sivut ovat suomeksi, ruotsiksi ja englanniksi; muilla kielillä "
    "niiden puuttuvat tekstit näytetään englanniksi (saameksi suomeksi). "
    "*Tarkistamatta* = konekäännös, jota kyseisen kielen äidinkielinen puhuja ei ole vielä "
    "tarkistanut (merkitty käännöstiedostoon kommentilla `unreviewed`)."
)
st.dataframe(
    [{"Kieli": row["name"], "Koodi": row["lang"],
      "Vastaajan tekstejä": f"{row['client_translated']} / {row['client_total']}",
      "Kaikkia tekstejä": f"{row['translated']} / {row['total']}",
      "Tarkistettu": row["reviewed"], "Tarkistamatta": row["unreviewed"]}
     for row in translation_status()],
    hide_index=True,
)
st.caption("Käännökset: raati/locale/<kieli>/LC_MESSAGES/raati.po (gettext). "
           "Ohje kääntäjille: README, kohta Translations.")
