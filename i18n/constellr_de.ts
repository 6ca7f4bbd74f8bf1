<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
  <context>
    <name>constellr</name>
    <message>
      <location filename="../main.py" />
      <source>constellr panel</source>
      <translation>constellr-Bedienfeld</translation>
    </message>
    <message>
      <location filename="../main.py" />
      <source>Show the constellr panel: AOIs, size check, AOI library</source>
      <translation>Das constellr-Bedienfeld anzeigen: AOIs, Größenprüfung, AOI-Bibliothek</translation>
    </message>
    <message>
      <location filename="../main.py" />
      <source>Connection settings…</source>
      <translation>Verbindungseinstellungen…</translation>
    </message>
    <message>
      <location filename="../main.py" />
      <source>Help</source>
      <translation>Hilfe</translation>
    </message>
    <message>
      <location filename="../main.py" />
      <location filename="../ui/dock.py" />
      <source>Open the constellr user guide</source>
      <translation>Das constellr-Benutzerhandbuch öffnen</translation>
    </message>
    <message>
      <location filename="../plugin/aoi_geometry.py" />
      <source>fits every product</source>
      <translation>passt zu jedem Produkt</translation>
    </message>
    <message>
      <location filename="../plugin/aoi_geometry.py" />
      <source>fits {products} only</source>
      <translation>passt nur zu {products}</translation>
    </message>
    <message>
      <location filename="../plugin/aoi_geometry.py" />
      <source> and </source>
      <translation> und </translation>
    </message>
    <message>
      <location filename="../plugin/aoi_geometry.py" />
      <source>too large for every product (at most {largest})</source>
      <translation>zu groß für jedes Produkt (höchstens {largest})</translation>
    </message>
    <message>
      <location filename="../plugin/aoi_geometry.py" />
      <source>fits no product</source>
      <translation>passt zu keinem Produkt</translation>
    </message>
    <message>
      <location filename="../plugin/aoi_geometry.py" />
      <source>The area spans {span}: a continent or the whole world, far beyond any product (the largest takes {largest}). Zoom in to the area you want to order, then take the map extent again or draw the AOI.</source>
      <translation>Das Gebiet erstreckt sich über {span}: ein Kontinent oder die ganze Welt, weit jenseits jedes Produkts (das größte erlaubt {largest}). Zoomen Sie auf das Gebiet, das Sie bestellen möchten, und übernehmen Sie dann erneut den Kartenausschnitt oder zeichnen Sie die AOI.</translation>
    </message>
    <message>
      <location filename="../plugin/aoi_geometry.py" />
      <source>{width:,.0f}° of longitude × {height:,.0f}° of latitude</source>
      <translation>{width:,.0f}° Länge × {height:,.0f}° Breite</translation>
    </message>
    <message>
      <location filename="../plugin/aoi_geometry.py" />
      <source>{size} in {crs}</source>
      <translation>{size} in {crs}</translation>
    </message>
    <message>
      <location filename="../plugin/aoi_geometry.py" />
      <source>The area reaches beyond where {crs} is defined, so it has no place in longitude/latitude. Zoom in, or check the layer's CRS.</source>
      <translation>Das Gebiet reicht über den Gültigkeitsbereich von {crs} hinaus und hat daher keine Lage in Länge/Breite. Zoomen Sie hinein oder prüfen Sie das KBS des Layers.</translation>
    </message>
    <message>
      <location filename="../plugin/aoi_geometry.py" />
      <source>Z and M values were dropped: an AOI is two-dimensional.</source>
      <translation>Z- und M-Werte wurden entfernt: Eine AOI ist zweidimensional.</translation>
    </message>
    <message>
      <location filename="../plugin/aoi_geometry.py" />
      <source>Arcs were replaced by straight segments: an AOI is sent as a plain polygon.</source>
      <translation>Bögen wurden durch gerade Segmente ersetzt: Eine AOI wird als einfaches Polygon gesendet.</translation>
    </message>
    <message>
      <location filename="../plugin/aoi_geometry.py" />
      <source>take the AOI from its source again to prepare it.</source>
      <translation>übernehmen Sie die AOI erneut aus ihrer Quelle, um sie vorzubereiten.</translation>
    </message>
    <message>
      <location filename="../plugin/aoi_geometry.py" />
      <source>Simplified from {vertices:,} to {kept:,} vertices to stay within {limit:,}: the outline moved by at most {shift:,.1f} m (measured in UTM, EPSG:{epsg}); the size and verdicts are those of the true outline.</source>
      <translation>Von {vertices:,} auf {kept:,} Stützpunkte vereinfacht, um innerhalb von {limit:,} zu bleiben: Der Umriss hat sich um höchstens {shift:,.1f} m verschoben (gemessen in UTM, EPSG:{epsg}); Größe und Bewertungen gelten für den tatsächlichen Umriss.</translation>
    </message>
    <message>
      <location filename="../plugin/aoi_geometry.py" />
      <source>The area crosses the antimeridian (180° longitude). constellr AOIs must lie on one side of it: split the area into an eastern and a western AOI.</source>
      <translation>Das Gebiet überquert den Antimeridian (180° Länge). constellr-AOIs müssen auf einer Seite davon liegen: Teilen Sie das Gebiet in eine östliche und eine westliche AOI.</translation>
    </message>
    <message>
      <location filename="../plugin/aoi_geometry.py" />
      <source>The area reaches beyond {latitude:g}° latitude, towards a pole, where constellr cannot measure or deliver it. Draw the AOI closer to the equator.</source>
      <translation>Das Gebiet reicht über {latitude:g}° Breite hinaus in Richtung eines Pols, wo constellr es weder messen noch liefern kann. Zeichnen Sie die AOI näher am Äquator.</translation>
    </message>
    <message>
      <location filename="../plugin/aoi_geometry.py" />
      <source>{size}. {reason} Create one AOI per part ({count} AOIs) instead.</source>
      <translation>{size}. {reason} Erstellen Sie stattdessen eine AOI pro Teil ({count} AOIs).</translation>
    </message>
    <message>
      <location filename="../plugin/aoi_geometry.py" />
      <source>The polygon is invalid (its outline crosses itself) and nothing with an area is left once repaired. Redraw it.</source>
      <translation>Das Polygon ist ungültig (sein Umriss schneidet sich selbst), und nach der Reparatur bleibt nichts mit einer Fläche übrig. Zeichnen Sie es neu.</translation>
    </message>
    <message>
      <location filename="../plugin/aoi_geometry.py" />
      <source>The polygon's outline crosses itself; repaired, it falls into {count} separate polygons.</source>
      <translation>Der Umriss des Polygons schneidet sich selbst; repariert zerfällt es in {count} getrennte Polygone.</translation>
    </message>
    <message>
      <location filename="../plugin/aoi_geometry.py" />
      <source>The polygon is invalid (its outline crosses itself). A repaired polygon is offered.</source>
      <translation>Das Polygon ist ungültig (sein Umriss schneidet sich selbst). Ein repariertes Polygon wird angeboten.</translation>
    </message>
    <message>
      <location filename="../plugin/aoi_geometry.py" />
      <source>The geometry is empty: there is no area to order.</source>
      <translation>Die Geometrie ist leer: Es gibt keine Fläche zu bestellen.</translation>
    </message>
    <message>
      <location filename="../plugin/aoi_geometry.py" />
      <source>An AOI must be a polygon; a {kind} has no area. Use a polygon layer or draw a polygon.</source>
      <translation>Eine AOI muss ein Polygon sein; der Geometrietyp „{kind}“ hat keine Fläche. Verwenden Sie einen Polygon-Layer oder zeichnen Sie ein Polygon.</translation>
    </message>
    <message>
      <location filename="../plugin/aoi_geometry.py" />
      <source>The geometry has {count} separate polygons, but an AOI is one polygon.</source>
      <translation>Die Geometrie hat {count} getrennte Polygone, aber eine AOI ist ein Polygon.</translation>
    </message>
    <message>
      <location filename="../plugin/aois.py" />
      <source>No AOI was created ({count} refused).</source>
      <translation>Es wurde keine AOI erstellt ({count} abgelehnt).</translation>
    </message>
    <message>
      <location filename="../plugin/aois.py" />
      <source>Created {count} AOI.</source>
      <translation>{count} AOI erstellt.</translation>
    </message>
    <message>
      <location filename="../plugin/aois.py" />
      <source>Created {count} AOIs.</source>
      <translation>{count} AOIs erstellt.</translation>
    </message>
    <message>
      <location filename="../plugin/aois.py" />
      <location filename="../plugin/processing/algorithms/createaois.py" />
      <source>“{name}” was not created: {reason}</source>
      <translation>„{name}“ wurde nicht erstellt: {reason}</translation>
    </message>
    <message>
      <location filename="../plugin/aois.py" />
      <source>{file} could not be read as GeoJSON (or another vector format).</source>
      <translation>{file} konnte nicht als GeoJSON (oder anderes Vektorformat) gelesen werden.</translation>
    </message>
    <message>
      <location filename="../plugin/aois.py" />
      <source>{file} holds no geometry.</source>
      <translation>{file} enthält keine Geometrie.</translation>
    </message>
    <message>
      <location filename="../plugin/aois.py" />
      <source>the name is taken in this workspace; “{free}” is free.</source>
      <translation>der Name ist in diesem Workspace vergeben; „{free}“ ist frei.</translation>
    </message>
    <message>
      <location filename="../plugin/aois.py" />
      <source>Deleted {count} AOI.</source>
      <translation>{count} AOI gelöscht.</translation>
    </message>
    <message>
      <location filename="../plugin/aois.py" />
      <source>Deleted {count} AOIs.</source>
      <translation>{count} AOIs gelöscht.</translation>
    </message>
    <message>
      <location filename="../plugin/aois.py" />
      <source>it has active orders. It can be deleted once they are closed or rejected (orders still pending validation can be deleted in the Orders tab).</source>
      <translation>sie hat aktive Aufträge. Sie kann gelöscht werden, sobald diese abgeschlossen oder abgelehnt sind (Aufträge, die noch auf Validierung warten, können im Reiter „Aufträge“ gelöscht werden).</translation>
    </message>
    <message>
      <location filename="../plugin/connection.py" />
      <source>The API URL must look like https://api.constellr.com</source>
      <translation>Die API-URL muss wie https://api.constellr.com aussehen</translation>
    </message>
    <message>
      <location filename="../plugin/connection.py" />
      <source>Use https:// for the API URL: keys must not travel unencrypted.</source>
      <translation>Verwenden Sie https:// für die API-URL: Schlüssel dürfen nicht unverschlüsselt übertragen werden.</translation>
    </message>
    <message>
      <location filename="../plugin/connection.py" />
      <source>Enter both the username and the password.</source>
      <translation>Geben Sie sowohl den Benutzernamen als auch das Passwort ein.</translation>
    </message>
    <message>
      <location filename="../plugin/connection.py" />
      <source>QGIS could not save the credentials in its authentication database.</source>
      <translation>QGIS konnte die Zugangsdaten nicht in seiner Authentifizierungsdatenbank speichern.</translation>
    </message>
    <message>
      <location filename="../plugin/connection.py" />
      <source>Enter the workspace API key.</source>
      <translation>Geben Sie den API-Schlüssel des Workspace ein.</translation>
    </message>
    <message>
      <location filename="../plugin/connection.py" />
      <source>Enter the username and the password.</source>
      <translation>Geben Sie den Benutzernamen und das Passwort ein.</translation>
    </message>
    <message>
      <location filename="../plugin/connection.py" />
      <source>The QGIS authentication database is not available: {reason}</source>
      <translation>Die QGIS-Authentifizierungsdatenbank ist nicht verfügbar: {reason}</translation>
    </message>
    <message>
      <location filename="../plugin/connection.py" />
      <source>The QGIS master password is needed to keep constellr keys and tokens encrypted. Set or enter it (Settings ▸ Options ▸ Authentication) and try again.</source>
      <translation>Das QGIS-Master-Passwort wird benötigt, um constellr-Schlüssel und -Tokens verschlüsselt aufzubewahren. Legen Sie es fest oder geben Sie es ein (Einstellungen ▸ Optionen ▸ Authentifizierung) und versuchen Sie es erneut.</translation>
    </message>
    <message>
      <location filename="../plugin/connection.py" />
      <source>The stored constellr credentials are gone from the QGIS authentication database. Enter them again in the constellr connection settings.</source>
      <translation>Die gespeicherten constellr-Zugangsdaten fehlen in der QGIS-Authentifizierungsdatenbank. Geben Sie sie in den constellr-Verbindungseinstellungen erneut ein.</translation>
    </message>
    <message>
      <location filename="../plugin/connection.py" />
      <source>No constellr credentials yet. Open the constellr connection settings and enter your workspace API key (created at app.constellr.com ▸ Account ▸ Workspace API keys).</source>
      <translation>Noch keine constellr-Zugangsdaten. Öffnen Sie die constellr-Verbindungseinstellungen und geben Sie den API-Schlüssel Ihres Workspace ein (erstellt unter app.constellr.com ▸ Account ▸ Workspace API keys).</translation>
    </message>
    <message>
      <location filename="../plugin/connection.py" />
      <source>Type the workspace API key first.</source>
      <translation>Geben Sie zuerst den API-Schlüssel des Workspace ein.</translation>
    </message>
    <message>
      <location filename="../plugin/connection.py" />
      <source>Type the username and the password first.</source>
      <translation>Geben Sie zuerst den Benutzernamen und das Passwort ein.</translation>
    </message>
    <message>
      <location filename="../plugin/current_aoi.py" />
      <source>{name} part {number}</source>
      <translation>{name} Teil {number}</translation>
    </message>
    <message>
      <location filename="../plugin/current_aoi.py" />
      <source>Preparing the AOI from {source} ({vertices:,} vertices)</source>
      <translation>AOI wird aus {source} vorbereitet ({vertices:,} Stützpunkte)</translation>
    </message>
    <message>
      <location filename="../plugin/current_aoi.py" />
      <source>The AOI was not prepared: {reason}</source>
      <translation>Die AOI wurde nicht vorbereitet: {reason}</translation>
    </message>
    <message>
      <location filename="../plugin/current_aoi.py" />
      <location filename="../plugin/orders.py" />
      <location filename="../ui/order_review.py" />
      <source>AOI</source>
      <translation>AOI</translation>
    </message>
    <message>
      <location filename="../plugin/current_aoi.py" />
      <source>selected features of “{layer}”</source>
      <translation>ausgewählten Objekten von „{layer}“</translation>
    </message>
    <message>
      <location filename="../plugin/current_aoi.py" />
      <source>every feature of “{layer}”</source>
      <translation>allen Objekten von „{layer}“</translation>
    </message>
    <message>
      <location filename="../plugin/deletion.py" />
      <source>{label} was kept: {reason}</source>
      <translation>{label} wurde behalten: {reason}</translation>
    </message>
    <message>
      <location filename="../plugin/downloads.py" />
      <source>waiting</source>
      <translation>wartet</translation>
    </message>
    <message>
      <location filename="../plugin/downloads.py" />
      <source>downloading</source>
      <translation>wird heruntergeladen</translation>
    </message>
    <message>
      <location filename="../plugin/downloads.py" />
      <source>done</source>
      <translation>fertig</translation>
    </message>
    <message>
      <location filename="../plugin/downloads.py" />
      <source>already complete</source>
      <translation>bereits vollständig</translation>
    </message>
    <message>
      <location filename="../plugin/downloads.py" />
      <source>failed</source>
      <translation>fehlgeschlagen</translation>
    </message>
    <message>
      <location filename="../plugin/downloads.py" />
      <location filename="../plugin/ordering.py" />
      <source>cancelled</source>
      <translation>abgebrochen</translation>
    </message>
    <message>
      <location filename="../plugin/downloads.py" />
      <source>{count} file downloaded</source>
      <translation>{count} Datei heruntergeladen</translation>
    </message>
    <message>
      <location filename="../plugin/downloads.py" />
      <source>{count} files downloaded</source>
      <translation>{count} Dateien heruntergeladen</translation>
    </message>
    <message>
      <location filename="../plugin/downloads.py" />
      <source>{count} already complete</source>
      <translation>{count} bereits vollständig</translation>
    </message>
    <message>
      <location filename="../plugin/downloads.py" />
      <location filename="../plugin/processing/algorithms/downloadassets.py" />
      <location filename="../plugin/rasters.py" />
      <source>{asset} of {item}: {message}</source>
      <translation>{asset} von {item}: {message}</translation>
    </message>
    <message>
      <location filename="../plugin/downloads.py" />
      <source>{reasons}; and {more} more, each listed in the constellr tab of the QGIS log panel</source>
      <translation>{reasons}; und {more} weitere, jeweils aufgeführt im Reiter „constellr“ der QGIS-Protokollmeldungen</translation>
    </message>
    <message>
      <location filename="../plugin/downloads.py" />
      <source>{count} failed: {reasons}</source>
      <translation>{count} fehlgeschlagen: {reasons}</translation>
    </message>
    <message>
      <location filename="../plugin/downloads.py" />
      <source>{summary}. Cancelled: start the download again to resume the rest.</source>
      <translation>{summary}. Abgebrochen: Starten Sie den Download erneut, um den Rest fortzusetzen.</translation>
    </message>
    <message>
      <location filename="../plugin/downloads.py" />
      <source>{count} bytes</source>
      <translation>{count} Byte</translation>
    </message>
    <message>
      <location filename="../plugin/downloads.py" />
      <location filename="../plugin/tasks.py" />
      <source>Unexpected problem: {error}. Details are in the constellr tab of the QGIS log panel.</source>
      <translation>Unerwartetes Problem: {error}. Details finden Sie im Reiter „constellr“ der QGIS-Protokollmeldungen.</translation>
    </message>
    <message>
      <location filename="../plugin/downloads.py" />
      <source>The item no longer has a “{asset}” file</source>
      <translation>Das Bild hat keine Datei „{asset}“ mehr</translation>
    </message>
    <message>
      <location filename="../plugin/downloads.py" />
      <source>Search again for the item.</source>
      <translation>Suchen Sie erneut nach dem Bild.</translation>
    </message>
    <message>
      <location filename="../plugin/downloads.py" />
      <source>This item has no “{asset}” file; choose another asset for it.</source>
      <translation>Dieses Bild hat keine Datei „{asset}“; wählen Sie ein anderes Asset dafür.</translation>
    </message>
    <message>
      <location filename="../plugin/feeds.py" />
      <source>QGIS could not save the feed token in its authentication database.</source>
      <translation>QGIS konnte das Feed-Token nicht in seiner Authentifizierungsdatenbank speichern.</translation>
    </message>
    <message>
      <location filename="../plugin/feeds.py" />
      <source>The token of the feed “{name}” is no longer in the QGIS authentication database: enter it again.</source>
      <translation>Das Token des Feeds „{name}“ ist nicht mehr in der QGIS-Authentifizierungsdatenbank: Geben Sie es erneut ein.</translation>
    </message>
    <message>
      <location filename="../plugin/feeds.py" />
      <source>The feed “{name}” has no token: edit the feed and enter it.</source>
      <translation>Der Feed „{name}“ hat kein Token: Bearbeiten Sie den Feed und geben Sie es ein.</translation>
    </message>
    <message>
      <location filename="../plugin/feeds.py" />
      <source>Items published between {start} and {end} UTC may have been missed while the feed was disconnected.</source>
      <translation>Zwischen {start} und {end} UTC veröffentlichte Bilder wurden möglicherweise verpasst, während die Verbindung zum Feed unterbrochen war.</translation>
    </message>
    <message>
      <location filename="../plugin/feeds.py" />
      <source>The dataset stream broke off {times} times; {count} items were loaded.</source>
      <translation>Der Datensatz-Stream ist {times}-mal abgebrochen; {count} Bilder wurden geladen.</translation>
    </message>
    <message>
      <location filename="../plugin/feeds.py" />
      <source>Try again later; the items loaded stay in the layer.</source>
      <translation>Versuchen Sie es später erneut; die geladenen Bilder bleiben im Layer.</translation>
    </message>
    <message>
      <location filename="../plugin/feeds.py" />
      <location filename="../ui/feeds_tab.py" />
      <source>Connecting to the feed…</source>
      <translation>Verbindung zum Feed wird hergestellt…</translation>
    </message>
    <message>
      <location filename="../plugin/feeds.py" />
      <source>Connected: {count} item received.</source>
      <translation>Verbunden: {count} Bild empfangen.</translation>
    </message>
    <message>
      <location filename="../plugin/feeds.py" />
      <source>Connected: {count} items received.</source>
      <translation>Verbunden: {count} Bilder empfangen.</translation>
    </message>
    <message>
      <location filename="../plugin/feeds.py" />
      <source>The connection was lost; reconnecting in {seconds} s.</source>
      <translation>Die Verbindung wurde unterbrochen; neuer Verbindungsversuch in {seconds} s.</translation>
    </message>
    <message>
      <location filename="../plugin/feeds.py" />
      <source>Finished: {count} item loaded.</source>
      <translation>Fertig: {count} Bild geladen.</translation>
    </message>
    <message>
      <location filename="../plugin/feeds.py" />
      <source>Finished: {count} items loaded.</source>
      <translation>Fertig: {count} Bilder geladen.</translation>
    </message>
    <message>
      <location filename="../plugin/feeds.py" />
      <source>Stopped: {count} item received.</source>
      <translation>Angehalten: {count} Bild empfangen.</translation>
    </message>
    <message>
      <location filename="../plugin/feeds.py" />
      <source>Stopped: {count} items received.</source>
      <translation>Angehalten: {count} Bilder empfangen.</translation>
    </message>
    <message>
      <location filename="../plugin/feeds.py" />
      <source>The feed refused the token</source>
      <translation>Der Feed hat das Token abgelehnt</translation>
    </message>
    <message>
      <location filename="../plugin/feeds.py" />
      <source>Check the feed's token: edit the feed and enter the token again (the provider's API token, without the word “Token”), or ask the provider for a new one.</source>
      <translation>Prüfen Sie das Token des Feeds: Bearbeiten Sie den Feed und geben Sie das Token erneut ein (das API-Token des Anbieters, ohne das Wort „Token“), oder fordern Sie beim Anbieter ein neues an.</translation>
    </message>
    <message>
      <location filename="../plugin/feeds.py" />
      <source>The feed's token may not read this feed</source>
      <translation>Das Token des Feeds darf diesen Feed nicht lesen</translation>
    </message>
    <message>
      <location filename="../plugin/feeds.py" />
      <source>Check that the token belongs to an account subscribed to the package.</source>
      <translation>Prüfen Sie, ob das Token zu einem Konto gehört, das das Paket abonniert hat.</translation>
    </message>
    <message>
      <location filename="../plugin/feeds.py" />
      <source>The feed does not exist</source>
      <translation>Der Feed existiert nicht</translation>
    </message>
    <message>
      <location filename="../plugin/feeds.py" />
      <source>Check the feed's address (the package name), and that the token's account may read the package.</source>
      <translation>Prüfen Sie die Adresse des Feeds (den Paketnamen) und ob das Konto des Tokens das Paket lesen darf.</translation>
    </message>
    <message>
      <location filename="../plugin/layers.py" />
      <source>constellr AOIs</source>
      <translation>constellr-AOIs</translation>
    </message>
    <message>
      <location filename="../plugin/ordering.py" />
      <source>Tick at least one AOI.</source>
      <translation>Haken Sie mindestens eine AOI an.</translation>
    </message>
    <message>
      <location filename="../plugin/ordering.py" />
      <source>created {orders} (the answer was lost; the server was checked and has them)</source>
      <translation>{orders} erstellt (die Antwort ging verloren; der Server wurde geprüft und hat sie)</translation>
    </message>
    <message>
      <location filename="../plugin/ordering.py" />
      <source>created {orders} earlier (found on the server by its reference; not sent again)</source>
      <translation>{orders} bereits früher erstellt (auf dem Server anhand der Referenz gefunden; nicht erneut gesendet)</translation>
    </message>
    <message>
      <location filename="../plugin/ordering.py" />
      <source>created {orders}</source>
      <translation>{orders} erstellt</translation>
    </message>
    <message>
      <location filename="../plugin/ordering.py" />
      <source>refused, nothing created: {message}</source>
      <translation>abgelehnt, nichts erstellt: {message}</translation>
    </message>
    <message>
      <location filename="../plugin/ordering.py" />
      <source>not created ({message}); checked with the server: safe to send again</source>
      <translation>nicht erstellt ({message}); beim Server geprüft: kann gefahrlos erneut gesendet werden</translation>
    </message>
    <message>
      <location filename="../plugin/ordering.py" />
      <source>not created ({message}); the server said it did nothing: safe to send again</source>
      <translation>nicht erstellt ({message}); der Server meldet, nichts getan zu haben: kann gefahrlos erneut gesendet werden</translation>
    </message>
    <message>
      <location filename="../plugin/ordering.py" />
      <source>outcome unknown ({message}). Place the same orders again to have the server checked first, or look in the Orders tab for orders whose comment holds [qgis-ref {reference}]</source>
      <translation>Ergebnis unbekannt ({message}). Geben Sie dieselben Aufträge erneut auf, damit zuerst der Server geprüft wird, oder suchen Sie im Reiter „Aufträge“ nach Aufträgen, deren Kommentar [qgis-ref {reference}] enthält</translation>
    </message>
    <message>
      <location filename="../plugin/ordering.py" />
      <source>not sent — safe to send again ({message})</source>
      <translation>nicht gesendet — kann gefahrlos erneut gesendet werden ({message})</translation>
    </message>
    <message>
      <location filename="../plugin/ordering.py" />
      <location filename="../ui/order_review.py" />
      <location filename="../ui/orders_tab.py" />
      <source>{count} order</source>
      <translation>{count} Auftrag</translation>
    </message>
    <message>
      <location filename="../plugin/ordering.py" />
      <location filename="../ui/order_review.py" />
      <location filename="../ui/orders_tab.py" />
      <source>{count} orders</source>
      <translation>{count} Aufträge</translation>
    </message>
    <message>
      <location filename="../plugin/ordering.py" />
      <source>Batch {number} ({orders}): {outcome}</source>
      <translation>Stapel {number} ({orders}): {outcome}</translation>
    </message>
    <message>
      <location filename="../plugin/ordering.py" />
      <source>{created} of {orders} created in {requests}.</source>
      <translation>{created} von {orders} in {requests} erstellt.</translation>
    </message>
    <message>
      <location filename="../plugin/ordering.py" />
      <location filename="../ui/order_review.py" />
      <source>{count} request</source>
      <translation>{count} Anfrage</translation>
    </message>
    <message>
      <location filename="../plugin/ordering.py" />
      <location filename="../ui/order_review.py" />
      <source>{count} requests</source>
      <translation>{count} Anfragen</translation>
    </message>
    <message>
      <location filename="../plugin/ordering.py" />
      <source>{reason}; the check failed: {error}</source>
      <translation>{reason}; die Prüfung ist fehlgeschlagen: {error}</translation>
    </message>
    <message>
      <location filename="../plugin/orders.py" />
      <source>pending validation</source>
      <translation>wartet auf Validierung</translation>
    </message>
    <message>
      <location filename="../plugin/orders.py" />
      <source>constellr is checking the order; it can still be deleted</source>
      <translation>constellr validiert den Auftrag; er kann noch gelöscht werden</translation>
    </message>
    <message>
      <location filename="../plugin/orders.py" />
      <source>in progress</source>
      <translation>in Bearbeitung</translation>
    </message>
    <message>
      <location filename="../plugin/orders.py" />
      <source>images are being acquired and delivered</source>
      <translation>Bilder werden aufgenommen und geliefert</translation>
    </message>
    <message>
      <location filename="../plugin/orders.py" />
      <source>closing</source>
      <translation>wird abgeschlossen</translation>
    </message>
    <message>
      <location filename="../plugin/orders.py" />
      <source>the monitoring period is over; last images may still arrive</source>
      <translation>der Beobachtungszeitraum ist vorbei; letzte Bilder können noch eintreffen</translation>
    </message>
    <message>
      <location filename="../plugin/orders.py" />
      <source>closed</source>
      <translation>abgeschlossen</translation>
    </message>
    <message>
      <location filename="../plugin/orders.py" />
      <source>finished: every image has been delivered</source>
      <translation>fertig: jedes Bild wurde geliefert</translation>
    </message>
    <message>
      <location filename="../plugin/orders.py" />
      <source>rejected</source>
      <translation>abgelehnt</translation>
    </message>
    <message>
      <location filename="../plugin/orders.py" />
      <source>refused by constellr; it can be deleted</source>
      <translation>von constellr abgelehnt; er kann gelöscht werden</translation>
    </message>
    <message>
      <location filename="../plugin/orders.py" />
      <source>unknown</source>
      <translation>unbekannt</translation>
    </message>
    <message>
      <location filename="../plugin/orders.py" />
      <source>ID</source>
      <translation>ID</translation>
    </message>
    <message>
      <location filename="../plugin/orders.py" />
      <location filename="../plugin/processing/algorithms/listorders.py" />
      <location filename="../ui/download_dialog.py" />
      <source>State</source>
      <translation>Status</translation>
    </message>
    <message>
      <location filename="../plugin/orders.py" />
      <location filename="../plugin/processing/algorithms/listorders.py" />
      <location filename="../plugin/processing/algorithms/placeorders.py" />
      <source>Product</source>
      <translation>Produkt</translation>
    </message>
    <message>
      <location filename="../plugin/orders.py" />
      <source>Period (UTC)</source>
      <translation>Zeitraum (UTC)</translation>
    </message>
    <message>
      <location filename="../plugin/orders.py" />
      <location filename="../plugin/processing/algorithms/placeorders.py" />
      <source>Frequency</source>
      <translation>Häufigkeit</translation>
    </message>
    <message>
      <location filename="../plugin/orders.py" />
      <source>Max images</source>
      <translation>Max. Bilder</translation>
    </message>
    <message>
      <location filename="../plugin/orders.py" />
      <location filename="../plugin/processing/algorithms/placeorders.py" />
      <source>Illumination</source>
      <translation>Beleuchtung</translation>
    </message>
    <message>
      <location filename="../plugin/orders.py" />
      <source>Tags</source>
      <translation>Tags</translation>
    </message>
    <message>
      <location filename="../plugin/orders.py" />
      <location filename="../ui/aoi_library.py" />
      <source>Created</source>
      <translation>Erstellt</translation>
    </message>
    <message>
      <location filename="../plugin/orders.py" />
      <source>Rejection reason</source>
      <translation>Ablehnungsgrund</translation>
    </message>
    <message>
      <location filename="../plugin/orders.py" />
      <source>no constraint</source>
      <translation>keine Einschränkung</translation>
    </message>
    <message>
      <location filename="../plugin/orders.py" />
      <source>{count} selected is {state}</source>
      <translation>{count} ausgewählter ist {state}</translation>
    </message>
    <message>
      <location filename="../plugin/orders.py" />
      <source>{count} selected are {state}</source>
      <translation>{count} ausgewählte sind {state}</translation>
    </message>
    <message>
      <location filename="../plugin/orders.py" />
      <source>Only orders pending validation or rejected can be deleted; {states}.</source>
      <translation>Nur Aufträge, die auf Validierung warten oder abgelehnt sind, können gelöscht werden; {states}.</translation>
    </message>
    <message>
      <location filename="../plugin/orders.py" />
      <source>Order {id}</source>
      <translation>Auftrag {id}</translation>
    </message>
    <message>
      <location filename="../plugin/orders.py" />
      <source>Deleted {count} order.</source>
      <translation>{count} Auftrag gelöscht.</translation>
    </message>
    <message>
      <location filename="../plugin/orders.py" />
      <source>Deleted {count} orders.</source>
      <translation>{count} Aufträge gelöscht.</translation>
    </message>
    <message>
      <location filename="../plugin/orders.py" />
      <source>constellr refused to delete it in its current state. Only orders pending validation or rejected can be deleted, and its state has probably changed since the table was loaded (a validated order cannot be deleted any more); the refreshed table shows its state now.</source>
      <translation>constellr hat das Löschen in seinem aktuellen Status abgelehnt. Nur Aufträge, die auf Validierung warten oder abgelehnt sind, können gelöscht werden, und sein Status hat sich wahrscheinlich geändert, seit die Tabelle geladen wurde (ein validierter Auftrag kann nicht mehr gelöscht werden); die aktualisierte Tabelle zeigt seinen jetzigen Status.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/createaois.py" />
      <source>not sent: the algorithm was cancelled.</source>
      <translation>nicht gesendet: Der Algorithmus wurde abgebrochen.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/createaois.py" />
      <source>Create AOIs from polygons</source>
      <translation>AOIs aus Polygonen erstellen</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/createaois.py" />
      <source>Creates one constellr AOI per polygon feature, named from the name field, or from the prefix and the feature's number where the field is empty or not chosen. Polygons are prepared as in the constellr panel: reprojected to EPSG:4326, an invalid outline repaired (said in the log), more than 2,000 vertices simplified. A feature that cannot become one AOI (several polygons, a world-scale shape) or whose name is taken in the workspace is not created and the output says why (for a taken name, a free one to use instead). The output layer holds every feature with its AOI id, status and reason, in EPSG:4326.</source>
      <translation>Erstellt eine constellr-AOI pro Polygonobjekt, benannt nach dem Namensfeld oder nach dem Präfix und der Nummer des Objekts, wo das Feld leer oder nicht gewählt ist. Polygone werden wie im constellr-Bedienfeld vorbereitet: nach EPSG:4326 umprojiziert, ein ungültiger Umriss repariert (im Protokoll vermerkt), mehr als 2.000 Stützpunkte vereinfacht. Ein Objekt, das keine einzelne AOI werden kann (mehrere Polygone, eine Form im Weltmaßstab), oder dessen Name im Workspace vergeben ist, wird nicht erstellt, und die Ausgabe sagt warum (bei einem vergebenen Namen einen freien, der stattdessen verwendet werden kann). Der Ausgabe-Layer enthält jedes Objekt mit seiner AOI-ID, seinem Status und Grund, in EPSG:4326.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/createaois.py" />
      <location filename="../plugin/processing/algorithms/geometryinfo.py" />
      <source>Polygon layer</source>
      <translation>Polygon-Layer</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/createaois.py" />
      <source>Name field</source>
      <translation>Namensfeld</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/createaois.py" />
      <source>Name prefix (features without a name: “prefix 1”, “prefix 2”…)</source>
      <translation>Namenspräfix (Objekte ohne Namen: „Präfix 1“, „Präfix 2“…)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/createaois.py" />
      <source>Description</source>
      <translation>Beschreibung</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/createaois.py" />
      <location filename="../ui/dock.py" />
      <source>AOIs</source>
      <translation>AOIs</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/createaois.py" />
      <source>AOIs created</source>
      <translation>Erstellte AOIs</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/createaois.py" />
      <source>Features not created</source>
      <translation>Nicht erstellte Objekte</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/createaois.py" />
      <source>“{name}”: {message}</source>
      <translation>„{name}“: {message}</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/downloadassets.py" />
      <source>Download delivery files</source>
      <translation>Lieferungsdateien herunterladen</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/downloadassets.py" />
      <source>Downloads the chosen files (asset keys, comma-separated, e.g. “lst”) of the items of a footprint layer made by “Search deliveries” or the Search tab (tick “Selected features only” for the selection) into &lt;folder&gt;/&lt;acquisition time&gt;_&lt;item id&gt;/. Each item is fetched again for fresh links. Files are verified; a run that stopped is resumed by running it again (files already complete are skipped, partial ones continue). The table lists each file's path, or why it failed.</source>
      <translation>Lädt die gewählten Dateien (Asset-Schlüssel, durch Kommas getrennt, z. B. „lst“) der Bilder eines Footprint-Layers, der mit „Lieferungen suchen“ oder dem Reiter „Suchen“ erstellt wurde (für die Auswahl „Nur gewählte Objekte“ anhaken), nach &lt;folder&gt;/&lt;acquisition time&gt;_&lt;item id&gt;/ herunter. Jedes Bild wird für frische Links erneut abgerufen. Dateien werden geprüft; ein abgebrochener Lauf wird durch erneutes Ausführen fortgesetzt (bereits vollständige Dateien werden übersprungen, unvollständige fortgesetzt). Die Tabelle listet den Pfad jeder Datei oder warum sie fehlschlug.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/downloadassets.py" />
      <location filename="../plugin/processing/algorithms/readfeed.py" />
      <location filename="../plugin/processing/algorithms/searchstac.py" />
      <location filename="../ui/feeds_tab.py" />
      <source>Footprints</source>
      <translation>Footprints</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/downloadassets.py" />
      <source>Asset keys (comma-separated)</source>
      <translation>Asset-Schlüssel (durch Kommas getrennt)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/downloadassets.py" />
      <location filename="../ui/download_dialog.py" />
      <source>Folder</source>
      <translation>Ordner</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/downloadassets.py" />
      <source>Downloaded files</source>
      <translation>Heruntergeladene Dateien</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/downloadassets.py" />
      <source>Files complete</source>
      <translation>Vollständige Dateien</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/downloadassets.py" />
      <source>Files failed</source>
      <translation>Fehlgeschlagene Dateien</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/downloadassets.py" />
      <source>The layer has no field {fields}: choose a footprint layer of a search.</source>
      <translation>Der Layer hat kein Feld {fields}: Wählen Sie einen Footprint-Layer einer Suche.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/downloadassets.py" />
      <source> or </source>
      <translation> oder </translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/downloadassets.py" />
      <source>The layer has no footprint (or none is selected).</source>
      <translation>Der Layer hat keinen Footprint (oder keiner ist ausgewählt).</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/downloadassets.py" />
      <source>Name at least one asset key, e.g. lst.</source>
      <translation>Nennen Sie mindestens einen Asset-Schlüssel, z. B. lst.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/geometryinfo.py" />
      <source>agrees (within {agreement:.0%})</source>
      <translation>stimmt überein (innerhalb {agreement:.0%})</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/geometryinfo.py" />
      <source>differs by {difference:.1%}</source>
      <translation>weicht um {difference:.1%} ab</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/geometryinfo.py" />
      <source>refused: {reason}</source>
      <translation>abgelehnt: {reason}</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/geometryinfo.py" />
      <source>not asked: several polygons are not one AOI</source>
      <translation>nicht abgefragt: mehrere Polygone sind keine einzelne AOI</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/geometryinfo.py" />
      <source>AOI size check (geometry info)</source>
      <translation>AOI-Größenprüfung (Geometrieinfo)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/geometryinfo.py" />
      <source>Measures each polygon as constellr does (bounding-box width and height in metres and area in m², in the UTM zone of its centre) and says for each product whether it takes the polygon as an AOI, by the same rules as the constellr panel. Measured locally, without an account; with “Confirm with constellr” the server's geometry-info measures each polygon too. Use “Selected features only” to check part of a layer. The table keeps the layer's attributes.</source>
      <translation>Misst jedes Polygon so wie constellr (Breite und Höhe des umgebenden Rechtecks in Metern und Fläche in m², in der UTM-Zone seines Mittelpunkts) und sagt für jedes Produkt, ob es das Polygon als AOI annimmt, nach denselben Regeln wie das constellr-Bedienfeld. Lokal gemessen, ohne Konto; mit „Mit constellr bestätigen“ misst auch die Geometrieinfo des Servers jedes Polygon. Verwenden Sie „Nur gewählte Objekte“, um einen Teil eines Layers zu prüfen. Die Tabelle behält die Attribute des Layers.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/geometryinfo.py" />
      <source>Confirm with constellr (geometry-info, needs a connection)</source>
      <translation>Mit constellr bestätigen (Geometrieinfo, benötigt eine Verbindung)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/geometryinfo.py" />
      <source>AOI sizes</source>
      <translation>AOI-Größen</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/geometryinfo.py" />
      <source>Polygons measured: {count}.</source>
      <translation>Gemessene Polygone: {count}.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/listorders.py" />
      <source>List orders</source>
      <translation>Aufträge auflisten</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/listorders.py" />
      <source>Lists the orders of the constellr workspace, newest first, as a table: id, state, product, AOI (id and name), monitoring period (UTC), frequency, maximum number of images, illumination, tags, comment, rejection reason and creation time. Leave a filter empty to take every order; the AOI filter takes an AOI id or an AOI name.</source>
      <translation>Listet die Aufträge des constellr-Workspace, die neuesten zuerst, als Tabelle: ID, Status, Produkt, AOI (ID und Name), Beobachtungszeitraum (UTC), Häufigkeit, maximale Anzahl Bilder, Beleuchtung, Tags, Kommentar, Ablehnungsgrund und Erstellungszeit. Lassen Sie einen Filter leer, um alle Aufträge zu erhalten; der AOI-Filter akzeptiert eine AOI-ID oder einen AOI-Namen.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/listorders.py" />
      <source>AOI (id or name)</source>
      <translation>AOI (ID oder Name)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/listorders.py" />
      <location filename="../plugin/processing/algorithms/placeorders.py" />
      <location filename="../ui/dock.py" />
      <source>Orders</source>
      <translation>Aufträge</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/listorders.py" />
      <source>Orders listed</source>
      <translation>Aufgelistete Aufträge</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/listorders.py" />
      <source>{kept} of {total} orders listed.</source>
      <translation>{kept} von {total} Aufträgen aufgelistet.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/placeorders.py" />
      <location filename="../ui/order_review.py" />
      <source>No constraint</source>
      <translation>Keine Einschränkung</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/placeorders.py" />
      <location filename="../plugin/search.py" />
      <location filename="../ui/order_review.py" />
      <location filename="../ui/search_filters.py" />
      <source>Day</source>
      <translation>Tag</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/placeorders.py" />
      <location filename="../plugin/search.py" />
      <location filename="../ui/order_review.py" />
      <location filename="../ui/search_filters.py" />
      <source>Night</source>
      <translation>Nacht</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/placeorders.py" />
      <source>“{reference}” is not a submission reference: it has 12 characters 0-9 and a-f, as the log of the earlier run shows.</source>
      <translation>„{reference}“ ist keine Übermittlungsreferenz: Sie besteht aus 12 Zeichen 0-9 und a-f, wie das Protokoll des früheren Laufs zeigt.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/placeorders.py" />
      <source>Place orders</source>
      <translation>Aufträge aufgeben</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/placeorders.py" />
      <source>Places one order per AOI id found in a field of the input layer, with the same product rules as the order form. Nothing is sent while any order breaks a rule. Orders go in batches of at most 25; a batch whose answer is lost is looked for on the server, never sent again blindly. Dates are in UTC; empty dates take the product's default period. With “Validate only” the orders are only checked and the table says what is wrong with each. If a run did not end cleanly, run it again with the same inputs and its submission reference (in the log): the batches it created are found, not created twice.</source>
      <translation>Gibt einen Auftrag pro AOI-ID auf, die in einem Feld des Eingabe-Layers steht, mit denselben Produktregeln wie das Auftragsformular. Es wird nichts gesendet, solange ein Auftrag gegen eine Regel verstößt. Aufträge werden in Stapeln von höchstens 25 gesendet; ein Stapel, dessen Antwort verloren geht, wird auf dem Server gesucht und nie blind erneut gesendet. Datumsangaben sind in UTC; leere Datumsangaben übernehmen den Standardzeitraum des Produkts. Mit „Nur validieren“ werden die Aufträge nur validiert, und die Tabelle sagt, was an jedem falsch ist. Wenn ein Lauf nicht sauber endete, führen Sie ihn mit denselben Eingaben und seiner Übermittlungsreferenz (im Protokoll) erneut aus: Die Stapel, die er erstellt hat, werden gefunden und nicht doppelt erstellt.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/placeorders.py" />
      <source>Layer with AOI ids</source>
      <translation>Layer mit AOI-IDs</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/placeorders.py" />
      <source>AOI id field</source>
      <translation>AOI-ID-Feld</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/placeorders.py" />
      <source>Start (UTC)</source>
      <translation>Beginn (UTC)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/placeorders.py" />
      <source>End (UTC)</source>
      <translation>Ende (UTC)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/placeorders.py" />
      <source>Maximum number of images</source>
      <translation>Maximale Anzahl Bilder</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/placeorders.py" />
      <source>Tags (comma-separated)</source>
      <translation>Tags (durch Kommas getrennt)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/placeorders.py" />
      <source>Use case</source>
      <translation>Anwendungsfall</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/placeorders.py" />
      <source>Order comment</source>
      <translation>Auftragskommentar</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/placeorders.py" />
      <source>Validate only (send nothing)</source>
      <translation>Nur validieren (nichts senden)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/placeorders.py" />
      <source>Submission reference of an earlier run to resume</source>
      <translation>Übermittlungsreferenz eines früheren Laufs, der fortgesetzt werden soll</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/placeorders.py" />
      <source>Submission reference</source>
      <translation>Übermittlungsreferenz</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/placeorders.py" />
      <source>Orders created</source>
      <translation>Erstellte Aufträge</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/placeorders.py" />
      <source>The layer has no field “{field}”.</source>
      <translation>Der Layer hat kein Feld „{field}“.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/placeorders.py" />
      <source>The field “{field}” holds no AOI id.</source>
      <translation>Das Feld „{field}“ enthält keine AOI-ID.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/placeorders.py" />
      <source>Not AOIs of this workspace: {ids}. The AOIs tab lists their ids.</source>
      <translation>Keine AOIs dieses Workspace: {ids}. Der Reiter „AOIs“ listet ihre IDs.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/placeorders.py" />
      <source>Nothing was sent:
{problems}</source>
      <translation>Es wurde nichts gesendet:
{problems}</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/placeorders.py" />
      <source>Submission reference: {reference}</source>
      <translation>Übermittlungsreferenz: {reference}</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/placeorders.py" />
      <source>Not every order was created. To place the rest without creating any twice, run again with the same inputs and the submission reference {reference}.</source>
      <translation>Nicht jeder Auftrag wurde erstellt. Um den Rest aufzugeben, ohne einen doppelt zu erstellen, führen Sie den Algorithmus mit denselben Eingaben und der Übermittlungsreferenz {reference} erneut aus.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/placeorders.py" />
      <source>All {count} orders are valid.</source>
      <translation>Alle {count} Aufträge sind gültig.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/readfeed.py" />
      <source>Read a live STAC feed</source>
      <translation>Live-STAC-Feed lesen</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/readfeed.py" />
      <source>Reads a feed of STAC items sent one per line (NDJSON), authenticated with “Authorization: Token …”, and writes their footprints with the Search tab's attributes; a loaded result is styled by day/night and on the time slider. A dataset stream is read to its end; a subscription stays open for new items, so give it a maximum number of items or seconds. An address starting with wss:// is read over https://, as the provider's examples do. The token: this parameter (kept in the Processing history, so only for one-off use), else the token stored with the saved feed named (sent only to that feed's host), else the CONSTELLR_FEED_TOKEN environment variable. A dropped subscription reconnects by itself; the log says when items may have been missed. Lines that are not STAC items are counted and skipped.</source>
      <translation>Liest einen Feed von STAC-Items, die zeilenweise gesendet werden (NDJSON), authentifiziert mit „Authorization: Token …“, und schreibt ihre Footprints mit den Attributen des Reiters „Suchen“; ein geladenes Ergebnis wird nach Tag/Nacht dargestellt und ist in der Zeitsteuerung verfügbar. Ein Datensatz-Stream wird bis zu seinem Ende gelesen; ein Abonnement bleibt für neue Bilder offen, geben Sie daher eine Höchstzahl an Bildern oder Sekunden an. Eine Adresse, die mit wss:// beginnt, wird über https:// gelesen, wie in den Beispielen des Anbieters. Das Token: dieser Parameter (wird im Verarbeitungsverlauf gespeichert, daher nur für einmalige Läufe), sonst das mit dem genannten gespeicherten Feed hinterlegte Token (nur an dessen Host gesendet), sonst die Umgebungsvariable CONSTELLR_FEED_TOKEN. Ein unterbrochenes Abonnement verbindet sich selbst neu; das Protokoll nennt, wann Bilder verpasst worden sein können. Zeilen, die keine STAC-Items sind, werden gezählt und übersprungen.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/readfeed.py" />
      <source>Feed address</source>
      <translation>Feed-Adresse</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/readfeed.py" />
      <source>Token</source>
      <translation>Token</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/readfeed.py" />
      <source>Saved feed (name)</source>
      <translation>Gespeicherter Feed (Name)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/readfeed.py" />
      <source>Kind</source>
      <translation>Art</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/readfeed.py" />
      <source>Stop after this many items</source>
      <translation>Nach so vielen Bildern anhalten</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/readfeed.py" />
      <source>Stop after this many seconds</source>
      <translation>Nach so vielen Sekunden anhalten</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/readfeed.py" />
      <location filename="../plugin/processing/algorithms/searchstac.py" />
      <source>Footprints written</source>
      <translation>Geschriebene Footprints</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/readfeed.py" />
      <source>Lines skipped as malformed</source>
      <translation>Als fehlerhaft übersprungene Zeilen</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/readfeed.py" />
      <source>Periods disconnected</source>
      <translation>Zeiträume ohne Verbindung</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/readfeed.py" />
      <source>No saved feed is named “{name}”.</source>
      <translation>Kein gespeicherter Feed heißt „{name}“.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/readfeed.py" />
      <source>Give the feed address, or the name of a saved feed.</source>
      <translation>Geben Sie die Feed-Adresse oder den Namen eines gespeicherten Feeds an.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/readfeed.py" />
      <source>No feed token: give it as the Token parameter, set CONSTELLR_FEED_TOKEN, or name a saved feed whose token is stored.</source>
      <translation>Kein Feed-Token: Geben Sie es als Parameter Token an, setzen Sie CONSTELLR_FEED_TOKEN oder nennen Sie einen gespeicherten Feed, dessen Token hinterlegt ist.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/readfeed.py" />
      <source>The QGIS authentication database holding the feed's token is locked, and nobody can type its master password here: set CONSTELLR_FEED_TOKEN, or QGIS_AUTH_PASSWORD_FILE to a file holding the master password.</source>
      <translation>Die QGIS-Authentifizierungsdatenbank mit dem Token des Feeds ist gesperrt, und ihr Master-Passwort kann hier niemand eingeben: Setzen Sie CONSTELLR_FEED_TOKEN oder QGIS_AUTH_PASSWORD_FILE auf eine Datei, die das Master-Passwort enthält.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/readfeed.py" />
      <source>A subscription never ends by itself: give a maximum number of items or of seconds.</source>
      <translation>Ein Abonnement endet nie von selbst: Geben Sie eine Höchstzahl an Bildern oder Sekunden an.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/readfeed.py" />
      <source>{count} line was not a STAC item and was skipped (see the log).</source>
      <translation>{count} Zeile war kein STAC-Item und wurde übersprungen (siehe Protokoll).</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/readfeed.py" />
      <source>{count} lines were not STAC items and were skipped (see the log).</source>
      <translation>{count} Zeilen waren keine STAC-Items und wurden übersprungen (siehe Protokoll).</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/searchstac.py" />
      <source>Search deliveries (STAC)</source>
      <translation>Lieferungen suchen (STAC)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/searchstac.py" />
      <source>Searches the workspace's delivered images and writes their footprints with the Search tab's attributes (item id, collection, datetime, order id, platform, GSD, day/night, cloud cover, asset keys, item URL); a loaded result is styled by day/night and on the time slider. Every filter is optional and they are combined: collections (comma-separated), an extent or the features of a layer (their bounding box beyond 2,000 vertices; an extent without a CRS is in longitude/latitude), a date-time range in UTC, an order id, and a CQL2 filter (text, or JSON starting with “{”).</source>
      <translation>Durchsucht die gelieferten Bilder des Workspace und schreibt ihre Footprints mit den Attributen des Reiters Suche (Element-ID, Collection, Zeitpunkt, Auftrags-ID, Plattform, GSD, Tag/Nacht, Bewölkung, Asset-Schlüssel, Element-URL); ein geladenes Ergebnis wird nach Tag/Nacht dargestellt und ist in der Zeitsteuerung verfügbar. Jeder Filter ist optional, und sie werden kombiniert: Collections (durch Kommas getrennt), eine Ausdehnung oder die Objekte eines Layers (ihr umgebendes Rechteck ab 2.000 Stützpunkten; eine Ausdehnung ohne KBS ist in Länge/Breite), ein Zeitraum in UTC, eine Auftrags-ID und ein CQL2-Filter (Text oder JSON, das mit „{“ beginnt).</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/searchstac.py" />
      <source>Collections (comma-separated)</source>
      <translation>Kollektionen (durch Kommas getrennt)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/searchstac.py" />
      <source>Extent</source>
      <translation>Ausdehnung</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/searchstac.py" />
      <source>Intersecting the features of</source>
      <translation>Schnitt mit den Objekten von</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/searchstac.py" />
      <location filename="../ui/search_filters.py" />
      <source>From (UTC)</source>
      <translation>Von (UTC)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/searchstac.py" />
      <location filename="../ui/search_filters.py" />
      <source>Until (UTC)</source>
      <translation>Bis (UTC)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/searchstac.py" />
      <source>Order id</source>
      <translation>Auftrags-ID</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/searchstac.py" />
      <source>CQL2 filter</source>
      <translation>CQL2-Filter</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/searchstac.py" />
      <source>Items the server matched</source>
      <translation>Vom Server gefundene Bilder</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/searchstac.py" />
      <source>The intersecting layer</source>
      <translation>Der schneidende Layer</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/searchstac.py" />
      <source>The intersecting layer has no geometry.</source>
      <translation>Der schneidende Layer hat keine Geometrie.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/searchstac.py" />
      <source>The extent</source>
      <translation>Die Ausdehnung</translation>
    </message>
    <message>
      <location filename="../plugin/processing/algorithms/searchstac.py" />
      <source>{received} footprints written ({matched} matched, {search}).</source>
      <translation>{received} Footprints geschrieben ({matched} gefunden, {search}).</translation>
    </message>
    <message>
      <location filename="../plugin/processing/base.py" />
      <source>Without the QGIS window, set CONSTELLR_API_URL and CONSTELLR_API_KEY; or set CONSTELLR_AUTHCFG to the id of an authentication configuration holding the key, with QGIS_AUTH_PASSWORD_FILE naming a file that holds the QGIS master password.</source>
      <translation>Ohne das QGIS-Fenster setzen Sie CONSTELLR_API_URL und CONSTELLR_API_KEY; oder setzen Sie CONSTELLR_AUTHCFG auf die ID einer Authentifizierungskonfiguration, die den Schlüssel enthält, und QGIS_AUTH_PASSWORD_FILE auf eine Datei, die das QGIS-Master-Passwort enthält.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/base.py" />
      <source>No constellr credentials: none are saved in QGIS. {hint}</source>
      <translation>Keine constellr-Zugangsdaten: In QGIS sind keine gespeichert. {hint}</translation>
    </message>
    <message>
      <location filename="../plugin/processing/base.py" />
      <source>The QGIS authentication database holding the constellr credentials is locked, and nobody can type its master password here. {hint}</source>
      <translation>Die QGIS-Authentifizierungsdatenbank mit den constellr-Zugangsdaten ist gesperrt, und hier kann niemand ihr Master-Passwort eingeben. {hint}</translation>
    </message>
    <message>
      <location filename="../plugin/processing/base.py" />
      <source>{variable} names “{authcfg}”, which the QGIS authentication database does not hold.</source>
      <translation>{variable} nennt „{authcfg}“, das die QGIS-Authentifizierungsdatenbank nicht enthält.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/provider.py" />
      <source>constellr land-surface temperature</source>
      <translation>constellr-Landoberflächentemperatur</translation>
    </message>
    <message>
      <location filename="../plugin/raster_refresh.py" />
      <source>{item} comes from {api}: connect to that API to show it.</source>
      <translation>{item} stammt von {api}: Verbinden Sie sich mit dieser API, um es anzuzeigen.</translation>
    </message>
    <message>
      <location filename="../plugin/raster_refresh.py" />
      <source>{item} is no longer in {collection}.</source>
      <translation>{item} ist nicht mehr in {collection}.</translation>
    </message>
    <message>
      <location filename="../plugin/raster_refresh.py" />
      <source>{item} no longer has the asset {asset}.</source>
      <translation>{item} hat das Asset {asset} nicht mehr.</translation>
    </message>
    <message>
      <location filename="../plugin/raster_refresh.py" />
      <source>{asset} of {item} cannot be read from the storage host ({reason}): check the connection; it is tried again when redrawn.</source>
      <translation>{asset} von {item} kann nicht vom Speicher-Host gelesen werden ({reason}): Prüfen Sie die Verbindung; beim nächsten Neuzeichnen wird es erneut versucht.</translation>
    </message>
    <message>
      <location filename="../plugin/raster_refresh.py" />
      <source>refreshing raster links</source>
      <translation>Raster-Links werden aktualisiert</translation>
    </message>
    <message>
      <location filename="../plugin/raster_refresh.py" />
      <source>Some rasters could not be refreshed: {problems}</source>
      <translation>Einige Raster konnten nicht aktualisiert werden: {problems}</translation>
    </message>
    <message>
      <location filename="../plugin/raster_refresh.py" />
      <source>The constellr rasters could not be refreshed: {message} They are refreshed again when redrawn.</source>
      <translation>Die constellr-Raster konnten nicht aktualisiert werden: {message} Sie werden beim nächsten Neuzeichnen erneut aktualisiert.</translation>
    </message>
    <message>
      <location filename="../plugin/rasters.py" />
      <source>constellr rasters</source>
      <translation>constellr-Raster</translation>
    </message>
    <message>
      <location filename="../plugin/rasters.py" />
      <source>An s3:// href needs a bucket: {href}</source>
      <translation>Eine s3://-Adresse braucht einen Bucket: {href}</translation>
    </message>
    <message>
      <location filename="../plugin/rasters.py" />
      <source>Cannot read an asset from a {scheme}:// href</source>
      <translation>Ein Asset kann nicht von einer {scheme}://-Adresse gelesen werden</translation>
    </message>
    <message>
      <location filename="../plugin/rasters.py" />
      <source>GDAL cannot open {source}</source>
      <translation>GDAL kann {source} nicht öffnen</translation>
    </message>
    <message>
      <location filename="../plugin/rasters.py" />
      <source>its raster:bands {name} is not a number: {value}</source>
      <translation>sein raster:bands-Wert {name} ist keine Zahl: {value}</translation>
    </message>
    <message>
      <location filename="../plugin/rasters.py" />
      <source>{problems}; and {more} more (listed in the constellr tab of the QGIS log panel)</source>
      <translation>{problems}; und {more} weitere (aufgeführt im Reiter „constellr“ der QGIS-Protokollmeldungen)</translation>
    </message>
    <message>
      <location filename="../plugin/rasters.py" />
      <source>{count} of {total} raster(s) could not be opened: {problems}. Check the connection to the storage host and try again, or download the assets (Download…) and open the files.</source>
      <translation>{count} von {total} Raster(n) konnten nicht geöffnet werden: {problems}. Prüfen Sie die Verbindung zum Speicher-Host und versuchen Sie es erneut, oder laden Sie die Assets herunter (Download…) und öffnen Sie die Dateien.</translation>
    </message>
    <message>
      <location filename="../plugin/rasters.py" />
      <source>it has no asset {asset} (choose one of: {assets})</source>
      <translation>es hat kein Asset {asset} (wählen Sie eines von: {assets})</translation>
    </message>
    <message>
      <location filename="../plugin/rasters.py" />
      <location filename="../ui/item_details.py" />
      <location filename="../ui/order_review.py" />
      <location filename="../ui/orders_tab.py" />
      <source>none</source>
      <translation>keine</translation>
    </message>
    <message>
      <location filename="../plugin/rasters.py" />
      <source>QGIS cannot show it: {reason}</source>
      <translation>QGIS kann es nicht anzeigen: {reason}</translation>
    </message>
    <message>
      <location filename="../plugin/rasters.py" />
      <source>{asset} of {item}: unexpected problem ({message}; details in the log)</source>
      <translation>{asset} von {item}: unerwartetes Problem ({message}; Details im Protokoll)</translation>
    </message>
    <message>
      <location filename="../plugin/rasters.py" />
      <location filename="../ui/search_results.py" />
      <source>{moment} UTC</source>
      <translation>{moment} UTC</translation>
    </message>
    <message>
      <location filename="../plugin/rasters.py" />
      <source>undated</source>
      <translation>ohne Datum</translation>
    </message>
    <message>
      <location filename="../plugin/rules.py" />
      <source>Single image</source>
      <translation>Einzelbild</translation>
    </message>
    <message>
      <location filename="../plugin/rules.py" />
      <source>As often as possible</source>
      <translation>So oft wie möglich</translation>
    </message>
    <message>
      <location filename="../plugin/rules.py" />
      <source>Once every two weeks</source>
      <translation>Alle zwei Wochen</translation>
    </message>
    <message>
      <location filename="../plugin/rules.py" />
      <source>Monthly</source>
      <translation>Monatlich</translation>
    </message>
    <message>
      <location filename="../plugin/rules.py" />
      <source>Weekly</source>
      <translation>Wöchentlich</translation>
    </message>
    <message>
      <location filename="../plugin/rules.py" />
      <source>Daily</source>
      <translation>Täglich</translation>
    </message>
    <message>
      <location filename="../plugin/rules.py" />
      <source>width {size} exceeds {limit}</source>
      <translation>Breite {size} überschreitet {limit}</translation>
    </message>
    <message>
      <location filename="../plugin/rules.py" />
      <source>height {size} exceeds {limit}</source>
      <translation>Höhe {size} überschreitet {limit}</translation>
    </message>
    <message>
      <location filename="../plugin/rules.py" />
      <source>width {size} is below {limit}</source>
      <translation>Breite {size} liegt unter {limit}</translation>
    </message>
    <message>
      <location filename="../plugin/rules.py" />
      <source>height {size} is below {limit}</source>
      <translation>Höhe {size} liegt unter {limit}</translation>
    </message>
    <message>
      <location filename="../plugin/rules.py" />
      <source>must be today or later for {product}</source>
      <translation>muss für {product} heute oder später sein</translation>
    </message>
    <message>
      <location filename="../plugin/rules.py" />
      <source>cannot be after today for {product}</source>
      <translation>darf für {product} nicht nach heute liegen</translation>
    </message>
    <message>
      <location filename="../plugin/rules.py" />
      <source>must be after the start date</source>
      <translation>muss nach dem Startdatum liegen</translation>
    </message>
    <message>
      <location filename="../plugin/rules.py" />
      <source>the period must last at least {days} days</source>
      <translation>der Zeitraum muss mindestens {days} Tage dauern</translation>
    </message>
    <message>
      <location filename="../plugin/rules.py" />
      <source>the period may last at most {days} days (1 year)</source>
      <translation>der Zeitraum darf höchstens {days} Tage (1 Jahr) dauern</translation>
    </message>
    <message>
      <location filename="../plugin/rules.py" />
      <source>not supported by {product}</source>
      <translation>wird von {product} nicht unterstützt</translation>
    </message>
    <message>
      <location filename="../plugin/rules.py" />
      <source>must be 1 when the frequency is “{frequency}”</source>
      <translation>muss 1 sein, wenn die Häufigkeit „{frequency}“ ist</translation>
    </message>
    <message>
      <location filename="../plugin/rules.py" />
      <source>must be at least 1</source>
      <translation>muss mindestens 1 sein</translation>
    </message>
    <message>
      <location filename="../plugin/rules.py" />
      <source>at most {limit} tags per order ({count} given)</source>
      <translation>höchstens {limit} Tags pro Auftrag ({count} angegeben)</translation>
    </message>
    <message>
      <location filename="../plugin/rules.py" />
      <source>"{start}…" is longer than {limit} characters</source>
      <translation>„{start}…“ ist länger als {limit} Zeichen</translation>
    </message>
    <message>
      <location filename="../plugin/rules.py" />
      <source>empty tags are not allowed</source>
      <translation>leere Tags sind nicht erlaubt</translation>
    </message>
    <message>
      <location filename="../plugin/rules.py" />
      <source>duplicate tags: {tags}</source>
      <translation>doppelte Tags: {tags}</translation>
    </message>
    <message>
      <location filename="../plugin/rules.py" />
      <source>unknown product {product}</source>
      <translation>unbekanntes Produkt {product}</translation>
    </message>
    <message>
      <location filename="../plugin/rules.py" />
      <source>{product} offers: {frequencies}</source>
      <translation>{product} bietet: {frequencies}</translation>
    </message>
    <message>
      <location filename="../plugin/rules.py" />
      <source>must be day, night or no constraint</source>
      <translation>muss Tag, Nacht oder keine Einschränkung sein</translation>
    </message>
    <message>
      <location filename="../plugin/search.py" />
      <source>day</source>
      <translation>Tag</translation>
    </message>
    <message>
      <location filename="../plugin/search.py" />
      <source>night</source>
      <translation>Nacht</translation>
    </message>
    <message>
      <location filename="../plugin/search.py" />
      <source>3+ collections</source>
      <translation>3+ Kollektionen</translation>
    </message>
    <message>
      <location filename="../plugin/search.py" />
      <source>order {order}</source>
      <translation>Auftrag {order}</translation>
    </message>
    <message>
      <location filename="../plugin/search.py" />
      <source>from {date}</source>
      <translation>ab {date}</translation>
    </message>
    <message>
      <location filename="../plugin/search.py" />
      <source>until {date}</source>
      <translation>bis {date}</translation>
    </message>
    <message>
      <location filename="../plugin/search.py" />
      <source>≤ {percent}% cloud</source>
      <translation>≤ {percent}% Bewölkung</translation>
    </message>
    <message>
      <location filename="../plugin/search.py" />
      <source>in area</source>
      <translation>im Gebiet</translation>
    </message>
    <message>
      <location filename="../plugin/search.py" />
      <source>all deliveries</source>
      <translation>alle Lieferungen</translation>
    </message>
    <message>
      <location filename="../plugin/search.py" />
      <source>The start date-time has no time zone.</source>
      <translation>Der Startzeitpunkt hat keine Zeitzone.</translation>
    </message>
    <message>
      <location filename="../plugin/search.py" />
      <source>The end date-time has no time zone.</source>
      <translation>Der Endzeitpunkt hat keine Zeitzone.</translation>
    </message>
    <message>
      <location filename="../plugin/search.py" />
      <source>The start date is after the end date: swap them or clear one.</source>
      <translation>Das Startdatum liegt nach dem Enddatum: Tauschen Sie sie oder entfernen Sie eines.</translation>
    </message>
    <message>
      <location filename="../plugin/search.py" />
      <source>Day or night must be 'day' or 'night', not {value}.</source>
      <translation>Tag oder Nacht muss 'day' oder 'night' sein, nicht {value}.</translation>
    </message>
    <message>
      <location filename="../plugin/search.py" />
      <source>The maximum cloud cover must be between 0 and 100 %.</source>
      <translation>Die maximale Bewölkung muss zwischen 0 und 100 % liegen.</translation>
    </message>
    <message>
      <location filename="../plugin/search.py" />
      <source>The page size must be at least 1.</source>
      <translation>Die Seitengröße muss mindestens 1 sein.</translation>
    </message>
    <message>
      <location filename="../plugin/search.py" />
      <source>Choose a field to sort by.</source>
      <translation>Wählen Sie ein Feld, nach dem sortiert wird.</translation>
    </message>
    <message>
      <location filename="../plugin/search.py" />
      <source>The advanced filter is not valid JSON ({problem} at line {line}, column {column}): fix it, or write it as CQL2 text.</source>
      <translation>Der erweiterte Filter ist kein gültiges JSON ({problem} in Zeile {line}, Spalte {column}): Korrigieren Sie ihn, oder schreiben Sie ihn als CQL2-Text.</translation>
    </message>
    <message>
      <location filename="../plugin/search.py" />
      <source>The advanced CQL2 JSON filter must be a JSON object like {example}.</source>
      <translation>Der erweiterte CQL2-JSON-Filter muss ein JSON-Objekt wie {example} sein.</translation>
    </message>
    <message>
      <location filename="../plugin/search.py" />
      <source>{value} holds a backslash, which a CQL2 text filter cannot carry unambiguously: write the advanced filter as CQL2 JSON instead.</source>
      <translation>{value} enthält einen Backslash, den ein CQL2-Textfilter nicht eindeutig transportieren kann: Schreiben Sie den erweiterten Filter stattdessen als CQL2-JSON.</translation>
    </message>
    <message>
      <location filename="../plugin/search.py" />
      <source>The advanced CQL2 filter has a quote that is never closed.</source>
      <translation>Der erweiterte CQL2-Filter hat ein Anführungszeichen, das nie geschlossen wird.</translation>
    </message>
    <message>
      <location filename="../plugin/search.py" />
      <source>The advanced CQL2 filter's parentheses do not match.</source>
      <translation>Die Klammern des erweiterten CQL2-Filters passen nicht zusammen.</translation>
    </message>
    <message>
      <location filename="../plugin/search.py" />
      <source>{what} reaches beyond where {crs} is defined, so it has no place in longitude/latitude: zoom in, check the CRS, or choose another place.</source>
      <translation>{what} reicht über den Gültigkeitsbereich von {crs} hinaus und hat daher keine Lage in geographischer Länge/Breite: Zoomen Sie hinein, prüfen Sie das KBS, oder wählen Sie einen anderen Ort.</translation>
    </message>
    <message>
      <location filename="../plugin/search.py" />
      <source>{what} lies outside the world's longitudes and latitudes: choose another place.</source>
      <translation>{what} liegt außerhalb der geographischen Längen und Breiten der Erde: Wählen Sie einen anderen Ort.</translation>
    </message>
    <message>
      <location filename="../plugin/search.py" />
      <source>Other</source>
      <translation>Sonstige</translation>
    </message>
    <message>
      <location filename="../plugin/server_metrics.py" />
      <source>measure the AOI on the server</source>
      <translation>die AOI auf dem Server messen</translation>
    </message>
    <message>
      <location filename="../plugin/size_check.py" />
      <source>no local rule: constellr decides when ordering</source>
      <translation>keine lokale Regel: constellr entscheidet bei der Bestellung</translation>
    </message>
    <message>
      <location filename="../plugin/size_check.py" />
      <source>✔ fits</source>
      <translation>✔ passt</translation>
    </message>
    <message>
      <location filename="../plugin/tasks.py" />
      <source>Cancelled</source>
      <translation>Abgebrochen</translation>
    </message>
    <message>
      <location filename="../plugin/tasks.py" />
      <source>Nothing more was done; start it again when needed.</source>
      <translation>Es wurde nichts weiter getan; starten Sie es bei Bedarf erneut.</translation>
    </message>
    <message>
      <location filename="../plugin/tasks.py" />
      <source>the task stopped without saying why</source>
      <translation>die Aufgabe wurde ohne Angabe von Gründen beendet</translation>
    </message>
    <message>
      <location filename="../plugin/workspace.py" />
      <source>load aois</source>
      <translation>AOIs laden</translation>
    </message>
    <message>
      <location filename="../plugin/workspace.py" />
      <source>load orders</source>
      <translation>Aufträge laden</translation>
    </message>
    <message>
      <location filename="../plugin/workspace.py" />
      <source>load products</source>
      <translation>Produkte laden</translation>
    </message>
    <message>
      <location filename="../plugin/workspace.py" />
      <source>load use cases</source>
      <translation>Anwendungsfälle laden</translation>
    </message>
    <message>
      <location filename="../ui/aoi_library.py" />
      <source>AOI library</source>
      <translation>AOI-Bibliothek</translation>
    </message>
    <message>
      <location filename="../ui/aoi_library.py" />
      <location filename="../ui/size_check.py" />
      <source>Name</source>
      <translation>Name</translation>
    </message>
    <message>
      <location filename="../ui/aoi_library.py" />
      <location filename="../ui/download_dialog.py" />
      <location filename="../ui/legacy_assets.py" />
      <location filename="../ui/size_check.py" />
      <source>Size</source>
      <translation>Größe</translation>
    </message>
    <message>
      <location filename="../ui/aoi_library.py" />
      <source>Not loaded yet.</source>
      <translation>Noch nicht geladen.</translation>
    </message>
    <message>
      <location filename="../ui/aoi_library.py" />
      <location filename="../ui/order_form.py" />
      <location filename="../ui/orders_tab.py" />
      <source>Refresh</source>
      <translation>Neu laden</translation>
    </message>
    <message>
      <location filename="../ui/aoi_library.py" />
      <source>List the workspace's AOIs again</source>
      <translation>Die AOIs des Workspace neu auflisten</translation>
    </message>
    <message>
      <location filename="../ui/aoi_library.py" />
      <source>Load as layer</source>
      <translation>Als Layer</translation>
    </message>
    <message>
      <location filename="../ui/aoi_library.py" />
      <source>Every AOI of the library as one map layer</source>
      <translation>Alle AOIs der Bibliothek als ein Kartenlayer</translation>
    </message>
    <message>
      <location filename="../ui/aoi_library.py" />
      <source>Zoom to</source>
      <translation>Zoomen</translation>
    </message>
    <message>
      <location filename="../ui/aoi_library.py" />
      <source>Zoom the map to the selected AOIs</source>
      <translation>Die Karte auf die ausgewählten AOIs zoomen</translation>
    </message>
    <message>
      <location filename="../ui/aoi_library.py" />
      <source>Export…</source>
      <translation>Export…</translation>
    </message>
    <message>
      <location filename="../ui/aoi_library.py" />
      <source>Write the selected AOIs (or all) to GeoJSON</source>
      <translation>Die ausgewählten AOIs (oder alle) als GeoJSON schreiben</translation>
    </message>
    <message>
      <location filename="../ui/aoi_library.py" />
      <source>Delete…</source>
      <translation>Löschen…</translation>
    </message>
    <message>
      <location filename="../ui/aoi_library.py" />
      <source>Delete the selected AOIs from the workspace</source>
      <translation>Die ausgewählten AOIs aus dem Workspace löschen</translation>
    </message>
    <message>
      <location filename="../ui/aoi_library.py" />
      <source>Loading AOIs…</source>
      <translation>AOIs werden geladen…</translation>
    </message>
    <message>
      <location filename="../ui/aoi_library.py" />
      <source>The AOIs could not be loaded: {message}</source>
      <translation>Die AOIs konnten nicht geladen werden: {message}</translation>
    </message>
    <message>
      <location filename="../ui/aoi_library.py" />
      <source>{count} AOIs in the workspace.</source>
      <translation>{count} AOIs im Workspace.</translation>
    </message>
    <message>
      <location filename="../ui/aoi_library.py" />
      <source>Loaded {count} AOI as a layer.</source>
      <translation>{count} AOI als Layer geladen.</translation>
    </message>
    <message>
      <location filename="../ui/aoi_library.py" />
      <source>Loaded {count} AOIs as a layer.</source>
      <translation>{count} AOIs als Layer geladen.</translation>
    </message>
    <message>
      <location filename="../ui/aoi_library.py" />
      <source>Export AOIs</source>
      <translation>AOIs exportieren</translation>
    </message>
    <message>
      <location filename="../ui/aoi_library.py" />
      <source>Exported {aois} to {path}.</source>
      <translation>{aois} nach {path} exportiert.</translation>
    </message>
    <message>
      <location filename="../ui/aoi_library.py" />
      <location filename="../ui/size_check.py" />
      <source>{count} AOI</source>
      <translation>{count} AOI</translation>
    </message>
    <message>
      <location filename="../ui/aoi_library.py" />
      <location filename="../ui/size_check.py" />
      <source>{count} AOIs</source>
      <translation>{count} AOIs</translation>
    </message>
    <message>
      <location filename="../ui/aoi_library.py" />
      <source>Delete AOIs</source>
      <translation>AOIs löschen</translation>
    </message>
    <message>
      <location filename="../ui/aoi_library.py" />
      <source>Delete {aois} from the workspace: {names}?</source>
      <translation>{aois} aus dem Workspace löschen: {names}?</translation>
    </message>
    <message>
      <location filename="../ui/aoi_library.py" />
      <source>delete {count} AOI</source>
      <translation>{count} AOI löschen</translation>
    </message>
    <message>
      <location filename="../ui/aoi_library.py" />
      <source>delete {count} AOIs</source>
      <translation>{count} AOIs löschen</translation>
    </message>
    <message>
      <location filename="../ui/aoi_sources.py" />
      <source>Area of interest</source>
      <translation>Untersuchungsgebiet (AOI)</translation>
    </message>
    <message>
      <location filename="../ui/aoi_sources.py" />
      <source>Rectangle</source>
      <translation>Rechteck</translation>
    </message>
    <message>
      <location filename="../ui/aoi_sources.py" />
      <source>Press, drag and release on the map</source>
      <translation>Auf der Karte drücken, ziehen und loslassen</translation>
    </message>
    <message>
      <location filename="../ui/aoi_sources.py" />
      <source>Drawn rectangle</source>
      <translation>Gezeichnetes Rechteck</translation>
    </message>
    <message>
      <location filename="../ui/aoi_sources.py" />
      <source>a drawn rectangle</source>
      <translation>einem gezeichneten Rechteck</translation>
    </message>
    <message>
      <location filename="../ui/aoi_sources.py" />
      <source>Polygon</source>
      <translation>Polygon</translation>
    </message>
    <message>
      <location filename="../ui/aoi_sources.py" />
      <source>Click the vertices; right click or double click closes it; Backspace removes the last one</source>
      <translation>Stützpunkte anklicken; Rechtsklick oder Doppelklick schließt das Polygon; Rücktaste entfernt den letzten Stützpunkt</translation>
    </message>
    <message>
      <location filename="../ui/aoi_sources.py" />
      <source>Drawn polygon</source>
      <translation>Gezeichnetes Polygon</translation>
    </message>
    <message>
      <location filename="../ui/aoi_sources.py" />
      <source>a drawn polygon</source>
      <translation>einem gezeichneten Polygon</translation>
    </message>
    <message>
      <location filename="../ui/aoi_sources.py" />
      <source>Square</source>
      <translation>Quadrat</translation>
    </message>
    <message>
      <location filename="../ui/aoi_sources.py" />
      <source>One click places a square of the chosen side centred on the click</source>
      <translation>Ein Klick setzt ein Quadrat der gewählten Seitenlänge, zentriert auf den Klickpunkt</translation>
    </message>
    <message>
      <location filename="../ui/aoi_sources.py" />
      <source>Drawn square</source>
      <translation>Gezeichnetes Quadrat</translation>
    </message>
    <message>
      <location filename="../ui/aoi_sources.py" />
      <source>a drawn square</source>
      <translation>einem gezeichneten Quadrat</translation>
    </message>
    <message>
      <location filename="../ui/aoi_sources.py" />
      <source>Side of the square the Square tool places (15 km: the LSTzoom maximum)</source>
      <translation>Seitenlänge des Quadrats, das das Quadrat-Werkzeug setzt (15 km: das Maximum von LSTzoom)</translation>
    </message>
    <message>
      <location filename="../ui/aoi_sources.py" />
      <source>Side:</source>
      <translation>Seite:</translation>
    </message>
    <message>
      <location filename="../ui/aoi_sources.py" />
      <source>Selection</source>
      <translation>Auswahl</translation>
    </message>
    <message>
      <location filename="../ui/aoi_sources.py" />
      <source>The selected features of the active polygon layer (follows the selection)</source>
      <translation>Die ausgewählten Objekte des aktiven Polygon-Layers (folgt der Auswahl)</translation>
    </message>
    <message>
      <location filename="../ui/aoi_sources.py" />
      <source>Layer</source>
      <translation>Layer</translation>
    </message>
    <message>
      <location filename="../ui/aoi_sources.py" />
      <source>Every feature of the active polygon layer: one AOI each</source>
      <translation>Alle Objekte des aktiven Polygon-Layers: je eine AOI</translation>
    </message>
    <message>
      <location filename="../ui/aoi_sources.py" />
      <location filename="../ui/search_filters.py" />
      <source>Map extent</source>
      <translation>Ausschnitt</translation>
    </message>
    <message>
      <location filename="../ui/aoi_sources.py" />
      <source>The current map extent</source>
      <translation>Der aktuelle Kartenausschnitt</translation>
    </message>
    <message>
      <location filename="../ui/aoi_sources.py" />
      <source>GeoJSON…</source>
      <translation>GeoJSON…</translation>
    </message>
    <message>
      <location filename="../ui/aoi_sources.py" />
      <source>Polygons from a GeoJSON file: one AOI each</source>
      <translation>Polygone aus einer GeoJSON-Datei: je eine AOI</translation>
    </message>
    <message>
      <location filename="../ui/aoi_sources.py" />
      <source>Clear</source>
      <translation>Leeren</translation>
    </message>
    <message>
      <location filename="../ui/aoi_sources.py" />
      <source>Forget the current AOI</source>
      <translation>Die aktuelle AOI verwerfen</translation>
    </message>
    <message>
      <location filename="../ui/aoi_sources.py" />
      <source>Draw:</source>
      <translation>Zeichnen:</translation>
    </message>
    <message>
      <location filename="../ui/aoi_sources.py" />
      <source>From:</source>
      <translation>Aus:</translation>
    </message>
    <message>
      <location filename="../ui/aoi_sources.py" />
      <source>the shape being drawn</source>
      <translation>der gerade gezeichneten Form</translation>
    </message>
    <message>
      <location filename="../ui/aoi_sources.py" />
      <source>Drawn AOI</source>
      <translation>Gezeichnete AOI</translation>
    </message>
    <message>
      <location filename="../ui/aoi_sources.py" />
      <source>Select a polygon layer in the Layers panel first.</source>
      <translation>Wählen Sie zuerst einen Polygon-Layer im Bedienfeld „Layer“ aus.</translation>
    </message>
    <message>
      <location filename="../ui/aoi_sources.py" />
      <source>Select features of “{layer}”: the AOI follows the selection.</source>
      <translation>Wählen Sie Objekte von „{layer}“ aus: Die AOI folgt der Auswahl.</translation>
    </message>
    <message>
      <location filename="../ui/aoi_sources.py" />
      <source>the map extent</source>
      <translation>dem Kartenausschnitt</translation>
    </message>
    <message>
      <location filename="../ui/aoi_sources.py" />
      <source>AOI from a file</source>
      <translation>AOI aus einer Datei</translation>
    </message>
    <message>
      <location filename="../ui/aoi_sources.py" />
      <source>GeoJSON (*.geojson *.json);;All vector files (*)</source>
      <translation>GeoJSON (*.geojson *.json);;Alle Vektordateien (*)</translation>
    </message>
    <message>
      <location filename="../ui/aoi_sources.py" />
      <source>the file {name}</source>
      <translation>der Datei {name}</translation>
    </message>
    <message>
      <location filename="../ui/connection_dialog.py" />
      <source>constellr connection</source>
      <translation>constellr-Verbindung</translation>
    </message>
    <message>
      <location filename="../ui/connection_dialog.py" />
      <source>API URL:</source>
      <translation>API-URL:</translation>
    </message>
    <message>
      <location filename="../ui/connection_dialog.py" />
      <source>Workspace API key</source>
      <translation>Workspace-API-Schlüssel</translation>
    </message>
    <message>
      <location filename="../ui/connection_dialog.py" />
      <source>Username and password (legacy)</source>
      <translation>Benutzername und Passwort (veraltet)</translation>
    </message>
    <message>
      <location filename="../ui/connection_dialog.py" />
      <source>Sign in with:</source>
      <translation>Anmelden mit:</translation>
    </message>
    <message>
      <location filename="../ui/connection_dialog.py" />
      <location filename="../ui/feed_dialog.py" />
      <source>kept unchanged when left empty</source>
      <translation>bleibt unverändert, wenn leer gelassen</translation>
    </message>
    <message>
      <location filename="../ui/connection_dialog.py" />
      <source>paste the key</source>
      <translation>Schlüssel einfügen</translation>
    </message>
    <message>
      <location filename="../ui/connection_dialog.py" />
      <source>API key:</source>
      <translation>API-Schlüssel:</translation>
    </message>
    <message>
      <location filename="../ui/connection_dialog.py" />
      <source>Username:</source>
      <translation>Benutzername:</translation>
    </message>
    <message>
      <location filename="../ui/connection_dialog.py" />
      <source>Password:</source>
      <translation>Passwort:</translation>
    </message>
    <message>
      <location filename="../ui/connection_dialog.py" />
      <source>Create a workspace API key at &lt;a href="{key_page}"&gt;app.constellr.com ▸ Account&lt;/a&gt;. It is stored encrypted in the QGIS authentication database. Bearer sign-in only works for accounts in a single workspace.</source>
      <translation>Erstellen Sie einen Workspace-API-Schlüssel unter &lt;a href="{key_page}"&gt;app.constellr.com ▸ Account&lt;/a&gt;. Er wird verschlüsselt in der QGIS-Authentifizierungsdatenbank gespeichert. Die Bearer-Anmeldung funktioniert nur für Konten in einem einzigen Workspace.</translation>
    </message>
    <message>
      <location filename="../ui/connection_dialog.py" />
      <source>Test connection</source>
      <translation>Verbindung testen</translation>
    </message>
    <message>
      <location filename="../ui/connection_dialog.py" />
      <source>Connecting…</source>
      <translation>Verbindung wird hergestellt…</translation>
    </message>
    <message>
      <location filename="../ui/connection_dialog.py" />
      <source>Connected (with the key from {variable}). Products of this workspace: {products}</source>
      <translation>Verbunden (mit dem Schlüssel aus {variable}). Produkte dieses Workspace: {products}</translation>
    </message>
    <message>
      <location filename="../ui/connection_dialog.py" />
      <source>Connected. Products of this workspace: {products}</source>
      <translation>Verbunden. Produkte dieses Workspace: {products}</translation>
    </message>
    <message>
      <location filename="../ui/connection_dialog.py" />
      <source>constellr: test connection</source>
      <translation>constellr: Verbindung testen</translation>
    </message>
    <message>
      <location filename="../ui/connection_dialog.py" />
      <source>Saved, but the API URL ({url_variable} is set) and the credentials ({key_variable} is set): the environment wins until it is unset and QGIS restarted.</source>
      <translation>Gespeichert, aber die API-URL ({url_variable} ist gesetzt) und die Zugangsdaten ({key_variable} ist gesetzt) werden nicht verwendet: Die Umgebungsvariablen gelten, bis sie entfernt werden und QGIS neu gestartet wird.</translation>
    </message>
    <message>
      <location filename="../ui/connection_dialog.py" />
      <source>Saved, but the API URL ({url_variable} is set): the environment wins until it is unset and QGIS restarted.</source>
      <translation>Gespeichert, aber die API-URL wird nicht verwendet ({url_variable} ist gesetzt): Die Umgebungsvariable gilt, bis sie entfernt und QGIS neu gestartet wird.</translation>
    </message>
    <message>
      <location filename="../ui/connection_dialog.py" />
      <source>Saved, but the credentials ({key_variable} is set): the environment wins until it is unset and QGIS restarted.</source>
      <translation>Gespeichert, aber die Zugangsdaten werden nicht verwendet ({key_variable} ist gesetzt): Die Umgebungsvariable gilt, bis sie entfernt und QGIS neu gestartet wird.</translation>
    </message>
    <message>
      <location filename="../ui/connection_dialog.py" />
      <source>{variable} is set: the plugin connects to the URL it names, not the one below.</source>
      <translation>{variable} ist gesetzt: Das Plugin verbindet sich mit der dort genannten URL, nicht mit der unten angegebenen.</translation>
    </message>
    <message>
      <location filename="../ui/connection_dialog.py" />
      <source>{variable} is set: its key is used, not the credentials saved here.</source>
      <translation>{variable} ist gesetzt: Der darin enthaltene Schlüssel wird verwendet, nicht die hier gespeicherten Zugangsdaten.</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" />
      <source>API: {url}</source>
      <translation>API: {url}</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" />
      <source> (from {variable})</source>
      <translation> (aus {variable})</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" />
      <source> · key from {variable}</source>
      <translation> · Schlüssel aus {variable}</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" />
      <source>Connection…</source>
      <translation>Verbindung…</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" />
      <location filename="../ui/order_form.py" />
      <location filename="../ui/search_filters.py" />
      <source>Order</source>
      <translation>Auftrag</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" />
      <location filename="../ui/search_tab.py" />
      <source>Search</source>
      <translation>Suchen</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" />
      <location filename="../ui/feeds_tab.py" />
      <source>Feeds</source>
      <translation>Feeds</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" />
      <source>{count} new AOI is ticked in the Order tab, ready to be ordered.</source>
      <translation>{count} neue AOI ist im Reiter „Auftrag“ angehakt, bereit zur Bestellung.</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" />
      <source>{count} new AOIs are ticked in the Order tab, ready to be ordered.</source>
      <translation>{count} neue AOIs sind im Reiter „Auftrag“ angehakt, bereit zur Bestellung.</translation>
    </message>
    <message>
      <location filename="../ui/download_dialog.py" />
      <source>File</source>
      <translation>Datei</translation>
    </message>
    <message>
      <location filename="../ui/download_dialog.py" />
      <source>How many files are downloaded at the same time.</source>
      <translation>Wie viele Dateien gleichzeitig heruntergeladen werden.</translation>
    </message>
    <message>
      <location filename="../ui/download_dialog.py" />
      <source>Parallel downloads</source>
      <translation>Parallele Downloads</translation>
    </message>
    <message>
      <location filename="../ui/download_dialog.py" />
      <source>Total %p%</source>
      <translation>Gesamt %p%</translation>
    </message>
    <message>
      <location filename="../ui/download_dialog.py" />
      <source>Open folder</source>
      <translation>Ordner öffnen</translation>
    </message>
    <message>
      <location filename="../ui/download_dialog.py" />
      <source>Choose a folder to download into.</source>
      <translation>Wählen Sie einen Ordner für den Download.</translation>
    </message>
    <message>
      <location filename="../ui/download_dialog.py" />
      <source>Downloading…</source>
      <translation>Wird heruntergeladen…</translation>
    </message>
    <message>
      <location filename="../ui/download_dialog.py" />
      <source>Cancelling…</source>
      <translation>Wird abgebrochen…</translation>
    </message>
    <message>
      <location filename="../ui/download_dialog.py" />
      <source>{asset} of {item}</source>
      <translation>{asset} von {item}</translation>
    </message>
    <message>
      <location filename="../ui/download_dialog.py" />
      <source>{received} of {total}</source>
      <translation>{received} von {total}</translation>
    </message>
    <message>
      <location filename="../ui/download_dialog.py" />
      <source>The download goes on; its summary will appear here. To stop it, cancel it in QGIS's task manager (the progress bar at the bottom of the window).</source>
      <translation>Der Download läuft weiter; seine Zusammenfassung erscheint hier. Um ihn anzuhalten, brechen Sie ihn im Task-Manager von QGIS ab (der Fortschrittsbalken unten im Fenster).</translation>
    </message>
    <message>
      <location filename="../ui/download_dialog.py" />
      <source>Download files of {count} item</source>
      <translation>Dateien von {count} Bild herunterladen</translation>
    </message>
    <message>
      <location filename="../ui/download_dialog.py" />
      <source>Download files of {count} items</source>
      <translation>Dateien von {count} Bildern herunterladen</translation>
    </message>
    <message>
      <location filename="../ui/download_dialog.py" />
      <source>Files to download for each item:</source>
      <translation>Für jedes Bild herunterzuladende Dateien:</translation>
    </message>
    <message>
      <location filename="../ui/download_dialog.py" />
      <source>{key} — {title} ({count} of {total} items)</source>
      <translation>{key} — {title} ({count} von {total} Bildern)</translation>
    </message>
    <message>
      <location filename="../ui/download_dialog.py" />
      <source>Load rasters when done</source>
      <translation>Raster nach dem Download laden</translation>
    </message>
    <message>
      <location filename="../ui/download_dialog.py" />
      <source>Add the downloaded raster files (LST in °C) to the map.</source>
      <translation>Die heruntergeladenen Rasterdateien (LST in °C) zur Karte hinzufügen.</translation>
    </message>
    <message>
      <location filename="../ui/download_dialog.py" />
      <source>Download</source>
      <translation>Herunterladen</translation>
    </message>
    <message>
      <location filename="../ui/download_dialog.py" />
      <source>Cancel download</source>
      <translation>Download abbrechen</translation>
    </message>
    <message>
      <location filename="../ui/download_dialog.py" />
      <source>download {files} file(s) of {count} item(s)</source>
      <translation>{files} Datei(en) von {count} Bild(ern) herunterladen</translation>
    </message>
    <message>
      <location filename="../ui/download_dialog.py" />
      <source>open downloaded rasters: {count}</source>
      <translation>heruntergeladene Raster öffnen: {count}</translation>
    </message>
    <message>
      <location filename="../ui/feed_dialog.py" />
      <source>Subscription (live, stays open)</source>
      <translation>Abonnement (live, bleibt offen)</translation>
    </message>
    <message>
      <location filename="../ui/feed_dialog.py" />
      <source>Dataset (every item, then ends)</source>
      <translation>Datensatz (alle Bilder, dann Ende)</translation>
    </message>
    <message>
      <location filename="../ui/feed_dialog.py" />
      <source>Edit feed</source>
      <translation>Feed bearbeiten</translation>
    </message>
    <message>
      <location filename="../ui/feed_dialog.py" />
      <source>Add feed</source>
      <translation>Feed hinzufügen</translation>
    </message>
    <message>
      <location filename="../ui/feed_dialog.py" />
      <source>e.g. Berlin deliveries</source>
      <translation>z. B. Lieferungen Berlin</translation>
    </message>
    <message>
      <location filename="../ui/feed_dialog.py" />
      <location filename="../ui/size_check.py" />
      <source>Name:</source>
      <translation>Name:</translation>
    </message>
    <message>
      <location filename="../ui/feed_dialog.py" />
      <source>URL:</source>
      <translation>URL:</translation>
    </message>
    <message>
      <location filename="../ui/feed_dialog.py" />
      <source>Kind:</source>
      <translation>Art:</translation>
    </message>
    <message>
      <location filename="../ui/feed_dialog.py" />
      <source>paste the API token</source>
      <translation>API-Token einfügen</translation>
    </message>
    <message>
      <location filename="../ui/feed_dialog.py" />
      <source>Token:</source>
      <translation>Token:</translation>
    </message>
    <message>
      <location filename="../ui/feed_dialog.py" />
      <source>e.g. lst, quicklook (optional)</source>
      <translation>z. B. lst, quicklook (optional)</translation>
    </message>
    <message>
      <location filename="../ui/feed_dialog.py" />
      <source>Assets ticked first when you download files of the feed's items</source>
      <translation>Assets, die beim Herunterladen von Dateien der Bilder dieses Feeds vorab angehakt sind</translation>
    </message>
    <message>
      <location filename="../ui/feed_dialog.py" />
      <source>Assets of interest:</source>
      <translation>Gewünschte Assets:</translation>
    </message>
    <message>
      <location filename="../ui/feed_dialog.py" />
      <source>The token is sent as “Authorization: Token …” to the feed's host only, and stored encrypted in the QGIS authentication database.</source>
      <translation>Das Token wird nur an den Host des Feeds als „Authorization: Token …“ gesendet und verschlüsselt in der QGIS-Authentifizierungsdatenbank gespeichert.</translation>
    </message>
    <message>
      <location filename="../ui/feed_dialog.py" />
      <source>Give the feed a name.</source>
      <translation>Geben Sie dem Feed einen Namen.</translation>
    </message>
    <message>
      <location filename="../ui/feed_dialog.py" />
      <source>A feed named “{name}” is already saved: choose another name.</source>
      <translation>Ein Feed namens „{name}“ ist bereits gespeichert: Wählen Sie einen anderen Namen.</translation>
    </message>
    <message>
      <location filename="../ui/feed_dialog.py" />
      <source>Paste the feed's URL.</source>
      <translation>Fügen Sie die URL des Feeds ein.</translation>
    </message>
    <message>
      <location filename="../ui/feed_dialog.py" />
      <source>Paste the feed's API token.</source>
      <translation>Fügen Sie das API-Token des Feeds ein.</translation>
    </message>
    <message>
      <location filename="../ui/feed_dialog.py" />
      <source>The URL now points to another host: paste the token for that host.</source>
      <translation>Die URL zeigt jetzt auf einen anderen Host: Fügen Sie das Token für diesen Host ein.</translation>
    </message>
    <message>
      <location filename="../ui/feeds_tab.py" />
      <source>live subscription</source>
      <translation>Live-Abonnement</translation>
    </message>
    <message>
      <location filename="../ui/feeds_tab.py" />
      <source>dataset</source>
      <translation>Datensatz</translation>
    </message>
    <message>
      <location filename="../ui/feeds_tab.py" />
      <source>{rate} items/min</source>
      <translation>{rate} Bilder/min</translation>
    </message>
    <message>
      <location filename="../ui/feeds_tab.py" />
      <source>last item {time} UTC</source>
      <translation>letztes Bild {time} UTC</translation>
    </message>
    <message>
      <location filename="../ui/feeds_tab.py" />
      <source>{count} malformed line skipped</source>
      <translation>{count} fehlerhafte Zeile übersprungen</translation>
    </message>
    <message>
      <location filename="../ui/feeds_tab.py" />
      <source>{count} malformed lines skipped</source>
      <translation>{count} fehlerhafte Zeilen übersprungen</translation>
    </message>
    <message>
      <location filename="../ui/feeds_tab.py" />
      <source>{count} repeat ignored</source>
      <translation>{count} Duplikat ignoriert</translation>
    </message>
    <message>
      <location filename="../ui/feeds_tab.py" />
      <source>{count} repeats ignored</source>
      <translation>{count} Duplikate ignoriert</translation>
    </message>
    <message>
      <location filename="../ui/feeds_tab.py" />
      <source>{count} earlier disconnection is listed in the constellr log.</source>
      <translation>{count} frühere Unterbrechung ist im constellr-Protokoll aufgeführt.</translation>
    </message>
    <message>
      <location filename="../ui/feeds_tab.py" />
      <source>{count} earlier disconnections are listed in the constellr log.</source>
      <translation>{count} frühere Unterbrechungen sind im constellr-Protokoll aufgeführt.</translation>
    </message>
    <message>
      <location filename="../ui/feeds_tab.py" />
      <source>Feed {name}, {time} UTC</source>
      <translation>Feed {name}, {time} UTC</translation>
    </message>
    <message>
      <location filename="../ui/feeds_tab.py" />
      <source>Start</source>
      <translation>Starten</translation>
    </message>
    <message>
      <location filename="../ui/feeds_tab.py" />
      <source>Stop</source>
      <translation>Stoppen</translation>
    </message>
    <message>
      <location filename="../ui/feeds_tab.py" />
      <source>Add…</source>
      <translation>Neu…</translation>
    </message>
    <message>
      <location filename="../ui/feeds_tab.py" />
      <source>Edit…</source>
      <translation>Ändern…</translation>
    </message>
    <message>
      <location filename="../ui/feeds_tab.py" />
      <source>Remove</source>
      <translation>Entfernen</translation>
    </message>
    <message>
      <location filename="../ui/feeds_tab.py" />
      <location filename="../ui/search_tab.py" />
      <source>Add LST layers</source>
      <translation>LST-Layer laden</translation>
    </message>
    <message>
      <location filename="../ui/feeds_tab.py" />
      <location filename="../ui/search_tab.py" />
      <source>Download…</source>
      <translation>Download…</translation>
    </message>
    <message>
      <location filename="../ui/feeds_tab.py" />
      <source>Remove feed</source>
      <translation>Feed entfernen</translation>
    </message>
    <message>
      <location filename="../ui/feeds_tab.py" />
      <source>Remove the feed “{name}” and forget its token? Its footprint layers stay.</source>
      <translation>Den Feed „{name}“ entfernen und sein Token löschen? Seine Footprint-Layer bleiben erhalten.</translation>
    </message>
    <message>
      <location filename="../ui/feeds_tab.py" />
      <source>Feed {name}</source>
      <translation>Feed {name}</translation>
    </message>
    <message>
      <location filename="../ui/feeds_tab.py" />
      <source>read the feed {name}</source>
      <translation>Feed {name} lesen</translation>
    </message>
    <message>
      <location filename="../ui/feeds_tab.py" />
      <source>The feed stopped: {reason}</source>
      <translation>Der Feed wurde beendet: {reason}</translation>
    </message>
    <message>
      <location filename="../ui/feeds_tab.py" />
      <source>Stop the feed first</source>
      <translation>Stoppen Sie zuerst den Feed</translation>
    </message>
    <message>
      <location filename="../ui/feeds_tab.py" />
      <source>Add a feed, then start it.</source>
      <translation>Fügen Sie einen Feed hinzu und starten Sie ihn dann.</translation>
    </message>
    <message>
      <location filename="../ui/feeds_tab.py" />
      <source>Not started.</source>
      <translation>Nicht gestartet.</translation>
    </message>
    <message>
      <location filename="../ui/feeds_tab.py" />
      <source>Stopping…</source>
      <translation>Wird gestoppt…</translation>
    </message>
    <message>
      <location filename="../ui/feeds_tab.py" />
      <source>{count} item received before it stopped.</source>
      <translation>{count} Bild empfangen, bevor er beendet wurde.</translation>
    </message>
    <message>
      <location filename="../ui/feeds_tab.py" />
      <source>{count} items received before it stopped.</source>
      <translation>{count} Bilder empfangen, bevor er beendet wurde.</translation>
    </message>
    <message>
      <location filename="../ui/feeds_tab.py" />
      <source>The footprints of a run appear in a layer of their own.</source>
      <translation>Die Footprints eines Laufs erscheinen in einem eigenen Layer.</translation>
    </message>
    <message>
      <location filename="../ui/feeds_tab.py" />
      <source>{count} footprint selected</source>
      <translation>{count} Footprint ausgewählt</translation>
    </message>
    <message>
      <location filename="../ui/feeds_tab.py" />
      <source>{count} footprints selected</source>
      <translation>{count} Footprints ausgewählt</translation>
    </message>
    <message>
      <location filename="../ui/feeds_tab.py" />
      <source>Select footprints of this feed's layer on the map.</source>
      <translation>Wählen Sie Footprints im Layer dieses Feeds auf der Karte aus.</translation>
    </message>
    <message>
      <location filename="../ui/feeds_tab.py" />
      <source>None of the selected items has an LST asset: download their files (Download…).</source>
      <translation>Keines der ausgewählten Bilder hat ein LST-Asset: Laden Sie ihre Dateien herunter (Download…).</translation>
    </message>
    <message>
      <location filename="../ui/feeds_tab.py" />
      <location filename="../ui/search_tab.py" />
      <source>open {what} rasters: {count}</source>
      <translation>{what}-Raster öffnen: {count}</translation>
    </message>
    <message>
      <location filename="../ui/item_details.py" />
      <source>Select an item to see its details.</source>
      <translation>Wählen Sie ein Bild aus, um seine Details zu sehen.</translation>
    </message>
    <message>
      <location filename="../ui/item_details.py" />
      <source>Assets</source>
      <translation>Assets</translation>
    </message>
    <message>
      <location filename="../ui/item_details.py" />
      <source>Details</source>
      <translation>Details</translation>
    </message>
    <message>
      <location filename="../ui/item_details.py" />
      <source>{count} items selected; the first is shown.</source>
      <translation>{count} Bilder ausgewählt; das erste wird angezeigt.</translation>
    </message>
    <message>
      <location filename="../ui/item_details.py" />
      <source>Loading the thumbnail…</source>
      <translation>Vorschaubild wird geladen…</translation>
    </message>
    <message>
      <location filename="../ui/item_details.py" />
      <source>thumbnail of {item}</source>
      <translation>Vorschaubild von {item}</translation>
    </message>
    <message>
      <location filename="../ui/item_details.py" />
      <source>No thumbnail: {message}</source>
      <translation>Kein Vorschaubild: {message}</translation>
    </message>
    <message>
      <location filename="../ui/legacy_assets.py" />
      <source>Key</source>
      <translation>Schlüssel</translation>
    </message>
    <message>
      <location filename="../ui/legacy_assets.py" />
      <source>Modified</source>
      <translation>Geändert</translation>
    </message>
    <message>
      <location filename="../ui/legacy_assets.py" />
      <source>Legacy assets</source>
      <translation>Legacy-Assets</translation>
    </message>
    <message>
      <location filename="../ui/legacy_assets.py" />
      <source>List</source>
      <translation>Auflisten</translation>
    </message>
    <message>
      <location filename="../ui/legacy_assets.py" />
      <source>Load more</source>
      <translation>Mehr laden</translation>
    </message>
    <message>
      <location filename="../ui/legacy_assets.py" />
      <source>Load all</source>
      <translation>Alle laden</translation>
    </message>
    <message>
      <location filename="../ui/legacy_assets.py" />
      <source>Download selected</source>
      <translation>Auswahl herunterladen</translation>
    </message>
    <message>
      <location filename="../ui/legacy_assets.py" />
      <location filename="../ui/search_tab.py" />
      <source>Cancel</source>
      <translation>Abbrechen</translation>
    </message>
    <message>
      <location filename="../ui/legacy_assets.py" />
      <source>Modified after</source>
      <translation>Geändert nach</translation>
    </message>
    <message>
      <location filename="../ui/legacy_assets.py" />
      <source>Modified before</source>
      <translation>Geändert vor</translation>
    </message>
    <message>
      <location filename="../ui/legacy_assets.py" />
      <source>Listing…</source>
      <translation>Wird aufgelistet…</translation>
    </message>
    <message>
      <location filename="../ui/legacy_assets.py" />
      <source>list legacy assets</source>
      <translation>Legacy-Assets auflisten</translation>
    </message>
    <message>
      <location filename="../ui/legacy_assets.py" />
      <source>download {count} legacy asset(s)</source>
      <translation>{count} Legacy-Asset(s) herunterladen</translation>
    </message>
    <message>
      <location filename="../ui/legacy_assets.py" />
      <source>{count} file listed.</source>
      <translation>{count} Datei aufgelistet.</translation>
    </message>
    <message>
      <location filename="../ui/legacy_assets.py" />
      <source>{count} files listed.</source>
      <translation>{count} Dateien aufgelistet.</translation>
    </message>
    <message>
      <location filename="../ui/legacy_assets.py" />
      <source>{count} file listed, more to load.</source>
      <translation>{count} Datei aufgelistet, weitere können geladen werden.</translation>
    </message>
    <message>
      <location filename="../ui/legacy_assets.py" />
      <source>{count} files listed, more to load.</source>
      <translation>{count} Dateien aufgelistet, weitere können geladen werden.</translation>
    </message>
    <message>
      <location filename="../ui/order_form.py" />
      <source>AOIs (one order each)</source>
      <translation>AOIs (je ein Auftrag)</translation>
    </message>
    <message>
      <location filename="../ui/order_form.py" />
      <source>Filter by name</source>
      <translation>Nach Name filtern</translation>
    </message>
    <message>
      <location filename="../ui/order_form.py" />
      <source>Load the AOI library and the use cases again</source>
      <translation>AOI-Bibliothek und Anwendungsfälle neu laden</translation>
    </message>
    <message>
      <location filename="../ui/order_form.py" />
      <source>Product:</source>
      <translation>Produkt:</translation>
    </message>
    <message>
      <location filename="../ui/order_form.py" />
      <source>Use case:</source>
      <translation>Anwendungsfall:</translation>
    </message>
    <message>
      <location filename="../ui/order_form.py" />
      <source>Start:</source>
      <translation>Beginn:</translation>
    </message>
    <message>
      <location filename="../ui/order_form.py" />
      <source>End:</source>
      <translation>Ende:</translation>
    </message>
    <message>
      <location filename="../ui/order_form.py" />
      <source>Frequency:</source>
      <translation>Häufigkeit:</translation>
    </message>
    <message>
      <location filename="../ui/order_form.py" />
      <source>at most</source>
      <translation>höchstens</translation>
    </message>
    <message>
      <location filename="../ui/order_form.py" />
      <source>Images:</source>
      <translation>Bilder:</translation>
    </message>
    <message>
      <location filename="../ui/order_form.py" />
      <source>Illumination:</source>
      <translation>Beleuchtung:</translation>
    </message>
    <message>
      <location filename="../ui/order_form.py" />
      <source>comma-separated, e.g. field42, drought</source>
      <translation>durch Kommas getrennt, z. B. feld42, trockenheit</translation>
    </message>
    <message>
      <location filename="../ui/order_form.py" />
      <source>Tags:</source>
      <translation>Tags:</translation>
    </message>
    <message>
      <location filename="../ui/order_form.py" />
      <source>on each order; editable in the review</source>
      <translation>an jedem Auftrag; in der Prüfung bearbeitbar</translation>
    </message>
    <message>
      <location filename="../ui/order_form.py" />
      <source>Comment:</source>
      <translation>Kommentar:</translation>
    </message>
    <message>
      <location filename="../ui/order_form.py" />
      <source>a comment on the whole submission</source>
      <translation>ein Kommentar zur gesamten Übermittlung</translation>
    </message>
    <message>
      <location filename="../ui/order_form.py" />
      <source>Submission:</source>
      <translation>Übermittlung:</translation>
    </message>
    <message>
      <location filename="../ui/order_form.py" />
      <source>Review and place orders…</source>
      <translation>Aufträge prüfen und aufgeben…</translation>
    </message>
    <message>
      <location filename="../ui/order_form.py" />
      <source>Send the unsent batches again</source>
      <translation>Nicht gesendete Stapel erneut senden</translation>
    </message>
    <message>
      <location filename="../ui/order_form.py" />
      <source>Only batches that were certainly not created are sent</source>
      <translation>Nur Stapel, die sicher nicht erstellt wurden, werden gesendet</translation>
    </message>
    <message>
      <location filename="../ui/order_form.py" />
      <source>Not supported by this product</source>
      <translation>Von diesem Produkt nicht unterstützt</translation>
    </message>
    <message>
      <location filename="../ui/order_form.py" />
      <source>Review and place {count} order…</source>
      <translation>{count} Auftrag prüfen und aufgeben…</translation>
    </message>
    <message>
      <location filename="../ui/order_form.py" />
      <source>Review and place {count} orders…</source>
      <translation>{count} Aufträge prüfen und aufgeben…</translation>
    </message>
    <message>
      <location filename="../ui/order_form.py" />
      <source>Placing orders…</source>
      <translation>Aufträge werden aufgegeben…</translation>
    </message>
    <message>
      <location filename="../ui/order_form.py" />
      <source>place {count} order</source>
      <translation>{count} Auftrag aufgeben</translation>
    </message>
    <message>
      <location filename="../ui/order_form.py" />
      <source>place {count} orders</source>
      <translation>{count} Aufträge aufgeben</translation>
    </message>
    <message>
      <location filename="../ui/order_form.py" />
      <source>constellr: {message} (AOI “{aoi}”)</source>
      <translation>constellr: {message} (AOI „{aoi}“)</translation>
    </message>
    <message>
      <location filename="../ui/order_form.py" />
      <source>constellr: {message}</source>
      <translation>constellr: {message}</translation>
    </message>
    <message>
      <location filename="../ui/order_review.py" />
      <source>Area</source>
      <translation>Fläche</translation>
    </message>
    <message>
      <location filename="../ui/order_review.py" />
      <source>Comment</source>
      <translation>Kommentar</translation>
    </message>
    <message>
      <location filename="../ui/order_review.py" />
      <source>Double-click to edit one order's comment</source>
      <translation>Doppelklick, um den Kommentar eines Auftrags zu bearbeiten</translation>
    </message>
    <message>
      <location filename="../ui/order_review.py" />
      <source>Reference</source>
      <translation>Referenz</translation>
    </message>
    <message>
      <location filename="../ui/order_review.py" />
      <source>Added to the order's comment: by it an interrupted submission is recognised on the server, and the orders can be found in the Orders tab</source>
      <translation>Wird dem Kommentar des Auftrags angefügt: Daran wird eine unterbrochene Übermittlung auf dem Server erkannt, und die Aufträge lassen sich im Reiter „Aufträge“ finden</translation>
    </message>
    <message>
      <location filename="../ui/order_review.py" />
      <source>Review the orders</source>
      <translation>Aufträge prüfen</translation>
    </message>
    <message>
      <location filename="../ui/order_review.py" />
      <source>Place {count} order</source>
      <translation>{count} Auftrag aufgeben</translation>
    </message>
    <message>
      <location filename="../ui/order_review.py" />
      <source>Place {count} orders</source>
      <translation>{count} Aufträge aufgeben</translation>
    </message>
    <message>
      <location filename="../ui/order_review.py" />
      <source>&lt;b&gt;{orders} in {requests}, total area {area}.&lt;/b&gt; A request holds at most {maximum} orders and is all-or-nothing: if the server refuses one order of a request, none of that request is created; the others are not affected. Each comment carries its request's reference, by which an interrupted submission is recognised on the server. Placed orders count against your workspace's constellr contract.</source>
      <translation>&lt;b&gt;{orders} in {requests}, Gesamtfläche {area}.&lt;/b&gt; Eine Anfrage enthält höchstens {maximum} Aufträge und gilt ganz oder gar nicht: Lehnt der Server einen Auftrag einer Anfrage ab, wird nichts aus dieser Anfrage erstellt; die anderen Anfragen sind nicht betroffen. Jeder Kommentar trägt die Referenz seiner Anfrage, an der eine unterbrochene Übermittlung auf dem Server erkannt wird. Aufgegebene Aufträge werden auf den constellr-Vertrag Ihres Workspace angerechnet.</translation>
    </message>
    <message>
      <location filename="../ui/order_review.py" />
      <source>Product: {product}</source>
      <translation>Produkt: {product}</translation>
    </message>
    <message>
      <location filename="../ui/order_review.py" />
      <source>Period: {start} → {end} UTC</source>
      <translation>Zeitraum: {start} → {end} UTC</translation>
    </message>
    <message>
      <location filename="../ui/order_review.py" />
      <source>Frequency: {frequency}</source>
      <translation>Häufigkeit: {frequency}</translation>
    </message>
    <message>
      <location filename="../ui/order_review.py" />
      <source>Frequency: {frequency}, at most {images}</source>
      <translation>Häufigkeit: {frequency}, höchstens {images}</translation>
    </message>
    <message>
      <location filename="../ui/order_review.py" />
      <source>{count} image</source>
      <translation>{count} Bild</translation>
    </message>
    <message>
      <location filename="../ui/order_review.py" />
      <source>{count} images</source>
      <translation>{count} Bilder</translation>
    </message>
    <message>
      <location filename="../ui/order_review.py" />
      <source>Illumination: {illumination}</source>
      <translation>Beleuchtung: {illumination}</translation>
    </message>
    <message>
      <location filename="../ui/order_review.py" />
      <source>Tags: {tags}</source>
      <translation>Tags: {tags}</translation>
    </message>
    <message>
      <location filename="../ui/order_review.py" />
      <source>Use case: {use_case}</source>
      <translation>Anwendungsfall: {use_case}</translation>
    </message>
    <message>
      <location filename="../ui/order_review.py" />
      <source>Submission comment: {comment}</source>
      <translation>Kommentar zur Übermittlung: {comment}</translation>
    </message>
    <message>
      <location filename="../ui/orders_tab.py" />
      <source>All states</source>
      <translation>Alle Status</translation>
    </message>
    <message>
      <location filename="../ui/orders_tab.py" />
      <source>Search id, AOI, tags, comment, rejection reason</source>
      <translation>ID, AOI, Tags, Kommentar, Ablehnungsgrund durchsuchen</translation>
    </message>
    <message>
      <location filename="../ui/orders_tab.py" />
      <source>Auto-refresh</source>
      <translation>Automatisch</translation>
    </message>
    <message>
      <location filename="../ui/orders_tab.py" />
      <source>Reload the orders every so many seconds</source>
      <translation>Die Aufträge im eingestellten Sekundenabstand neu laden</translation>
    </message>
    <message>
      <location filename="../ui/orders_tab.py" />
      <source>Edit tags…</source>
      <translation>Tags ändern…</translation>
    </message>
    <message>
      <location filename="../ui/orders_tab.py" />
      <source>Delete</source>
      <translation>Löschen</translation>
    </message>
    <message>
      <location filename="../ui/orders_tab.py" />
      <source>Show deliveries</source>
      <translation>Lieferungen</translation>
    </message>
    <message>
      <location filename="../ui/orders_tab.py" />
      <source>Find the delivered images of the order in the Search tab</source>
      <translation>Die gelieferten Bilder des Auftrags im Reiter „Suchen“ finden</translation>
    </message>
    <message>
      <location filename="../ui/orders_tab.py" />
      <source>All products</source>
      <translation>Alle Produkte</translation>
    </message>
    <message>
      <location filename="../ui/orders_tab.py" />
      <source>Loading…</source>
      <translation>Lädt…</translation>
    </message>
    <message>
      <location filename="../ui/orders_tab.py" />
      <source>The orders could not be loaded: {message}</source>
      <translation>Die Aufträge konnten nicht geladen werden: {message}</translation>
    </message>
    <message>
      <location filename="../ui/orders_tab.py" />
      <source>{shown} of {total} orders</source>
      <translation>{shown} von {total} Aufträgen</translation>
    </message>
    <message>
      <location filename="../ui/orders_tab.py" />
      <source>Orders not loaded yet.</source>
      <translation>Aufträge noch nicht geladen.</translation>
    </message>
    <message>
      <location filename="../ui/orders_tab.py" />
      <source>Delete the {count} selected order from the workspace</source>
      <translation>Den {count} ausgewählten Auftrag aus dem Workspace löschen</translation>
    </message>
    <message>
      <location filename="../ui/orders_tab.py" />
      <source>Delete the {count} selected orders from the workspace</source>
      <translation>Die {count} ausgewählten Aufträge aus dem Workspace löschen</translation>
    </message>
    <message>
      <location filename="../ui/orders_tab.py" />
      <source>Select orders pending validation or rejected to delete them</source>
      <translation>Wählen Sie Aufträge aus, die auf Validierung warten oder abgelehnt wurden, um sie zu löschen</translation>
    </message>
    <message>
      <location filename="../ui/orders_tab.py" />
      <source>The AOI of order {order} ({aoi}) is no longer in the workspace (it may have been deleted): there is nothing to zoom to.</source>
      <translation>Die AOI des Auftrags {order} ({aoi}) ist nicht mehr im Workspace (sie wurde vielleicht gelöscht): Es gibt nichts, worauf gezoomt werden kann.</translation>
    </message>
    <message>
      <location filename="../ui/orders_tab.py" />
      <source>Select one order to edit its tags.</source>
      <translation>Wählen Sie einen Auftrag aus, um seine Tags zu bearbeiten.</translation>
    </message>
    <message>
      <location filename="../ui/orders_tab.py" />
      <source>The tags were not saved: {problems}</source>
      <translation>Die Tags wurden nicht gespeichert: {problems}</translation>
    </message>
    <message>
      <location filename="../ui/orders_tab.py" />
      <source>tag order {order}</source>
      <translation>Tags von Auftrag {order} speichern</translation>
    </message>
    <message>
      <location filename="../ui/orders_tab.py" />
      <source>Tags of order {order} saved: {tags}.</source>
      <translation>Tags von Auftrag {order} gespeichert: {tags}.</translation>
    </message>
    <message>
      <location filename="../ui/orders_tab.py" />
      <source>Delete orders</source>
      <translation>Aufträge löschen</translation>
    </message>
    <message>
      <location filename="../ui/orders_tab.py" />
      <source>Delete {orders} from the workspace: {ids}?</source>
      <translation>{orders} aus dem Workspace löschen: {ids}?</translation>
    </message>
    <message>
      <location filename="../ui/orders_tab.py" />
      <source>delete {count} order</source>
      <translation>{count} Auftrag löschen</translation>
    </message>
    <message>
      <location filename="../ui/orders_tab.py" />
      <source>delete {count} orders</source>
      <translation>{count} Aufträge löschen</translation>
    </message>
    <message>
      <location filename="../ui/orders_tab.py" />
      <source>Select one order to show its deliveries.</source>
      <translation>Wählen Sie einen Auftrag aus, um seine Lieferungen anzuzeigen.</translation>
    </message>
    <message>
      <location filename="../ui/orders_table.py" />
      <source>Right-click a column title to choose the columns shown.</source>
      <translation>Rechtsklick auf einen Spaltentitel, um die angezeigten Spalten zu wählen.</translation>
    </message>
    <message>
      <location filename="../ui/raster_layers.py" />
      <source>{count} raster layer added.</source>
      <translation>{count} Raster-Layer hinzugefügt.</translation>
    </message>
    <message>
      <location filename="../ui/raster_layers.py" />
      <source>{count} raster layers added.</source>
      <translation>{count} Raster-Layer hinzugefügt.</translation>
    </message>
    <message>
      <location filename="../ui/search_filters.py" />
      <source>Anywhere</source>
      <translation>Überall</translation>
    </message>
    <message>
      <location filename="../ui/search_filters.py" />
      <source>Current AOI (AOIs tab)</source>
      <translation>Aktuelle AOI (Reiter AOIs)</translation>
    </message>
    <message>
      <location filename="../ui/search_filters.py" />
      <source>AOI from the library</source>
      <translation>AOI aus der Bibliothek</translation>
    </message>
    <message>
      <location filename="../ui/search_filters.py" />
      <source>Selected features of the active layer</source>
      <translation>Ausgewählte Objekte des aktiven Layers</translation>
    </message>
    <message>
      <location filename="../ui/search_filters.py" />
      <source>Newest first</source>
      <translation>Neueste zuerst</translation>
    </message>
    <message>
      <location filename="../ui/search_filters.py" />
      <source>Oldest first</source>
      <translation>Älteste zuerst</translation>
    </message>
    <message>
      <location filename="../ui/search_filters.py" />
      <source>Least cloud first</source>
      <translation>Geringste Bewölkung zuerst</translation>
    </message>
    <message>
      <location filename="../ui/search_filters.py" />
      <source>Day or night</source>
      <translation>Tag oder Nacht</translation>
    </message>
    <message>
      <location filename="../ui/search_filters.py" />
      <source>Filters</source>
      <translation>Filter</translation>
    </message>
    <message>
      <location filename="../ui/search_filters.py" />
      <source>Collections</source>
      <translation>Kollektionen</translation>
    </message>
    <message>
      <location filename="../ui/search_filters.py" />
      <source>Only items acquired at or after this date and time (UTC); not ticked: no limit</source>
      <translation>Nur Bilder, die ab diesem Zeitpunkt (UTC) aufgenommen wurden; nicht angehakt: keine Grenze</translation>
    </message>
    <message>
      <location filename="../ui/search_filters.py" />
      <source>Only items acquired at or before this date and time (UTC); not ticked: no limit</source>
      <translation>Nur Bilder, die bis zu diesem Zeitpunkt (UTC) aufgenommen wurden; nicht angehakt: keine Grenze</translation>
    </message>
    <message>
      <location filename="../ui/search_filters.py" />
      <source>Order id (“Show deliveries” fills it in)</source>
      <translation>Auftrags-ID (wird von „Lieferungen“ eingetragen)</translation>
    </message>
    <message>
      <location filename="../ui/search_filters.py" />
      <source>Tick the collections to search; none ticked searches them all</source>
      <translation>Haken Sie die zu durchsuchenden Kollektionen an; ohne Haken werden alle durchsucht</translation>
    </message>
    <message>
      <location filename="../ui/search_filters.py" />
      <source>Collections are listed when the tab is first shown.</source>
      <translation>Die Kollektionen werden aufgelistet, wenn der Reiter zum ersten Mal angezeigt wird.</translation>
    </message>
    <message>
      <location filename="../ui/search_filters.py" />
      <source>Only items whose footprint intersects this place</source>
      <translation>Nur Bilder, deren Footprint diesen Ort schneidet</translation>
    </message>
    <message>
      <location filename="../ui/search_filters.py" />
      <source>The AOI of the workspace's library to search in</source>
      <translation>Die AOI aus der Bibliothek des Workspace, in der gesucht wird</translation>
    </message>
    <message>
      <location filename="../ui/search_filters.py" />
      <source>Place</source>
      <translation>Ort</translation>
    </message>
    <message>
      <location filename="../ui/search_filters.py" />
      <source>Day/night</source>
      <translation>Tag/Nacht</translation>
    </message>
    <message>
      <location filename="../ui/search_filters.py" />
      <source>Any</source>
      <translation>Beliebig</translation>
    </message>
    <message>
      <location filename="../ui/search_filters.py" />
      <source>Largest cloud cover (eo:cloud_cover) an item may have</source>
      <translation>Höchste Bewölkung (eo:cloud_cover), die ein Bild haben darf</translation>
    </message>
    <message>
      <location filename="../ui/search_filters.py" />
      <source>Max. cloud</source>
      <translation>Max. Bewölkung</translation>
    </message>
    <message>
      <location filename="../ui/search_filters.py" />
      <source>Sort</source>
      <translation>Sortierung</translation>
    </message>
    <message>
      <location filename="../ui/search_filters.py" />
      <source>Items per request; every page is loaded, one after the other</source>
      <translation>Bilder pro Anfrage; alle Seiten werden nacheinander geladen</translation>
    </message>
    <message>
      <location filename="../ui/search_filters.py" />
      <source>Page size</source>
      <translation>Seitengröße</translation>
    </message>
    <message>
      <location filename="../ui/search_filters.py" />
      <source>Advanced: CQL2 filter</source>
      <translation>Erweitert: CQL2-Filter</translation>
    </message>
    <message>
      <location filename="../ui/search_filters.py" />
      <source>CQL2 text, e.g. platform = 'SBA01', or CQL2 JSON {…}</source>
      <translation>CQL2-Text, z. B. platform = 'SBA01', oder CQL2-JSON {…}</translation>
    </message>
    <message>
      <location filename="../ui/search_filters.py" />
      <source>AND-ed with the filters above.</source>
      <translation>Wird mit den obigen Filtern UND-verknüpft.</translation>
    </message>
    <message>
      <location filename="../ui/search_filters.py" />
      <source>{count} collection; none ticked searches them all.</source>
      <translation>{count} Kollektion; ohne Haken wird in allen gesucht.</translation>
    </message>
    <message>
      <location filename="../ui/search_filters.py" />
      <source>{count} collections; none ticked searches them all.</source>
      <translation>{count} Kollektionen; ohne Haken wird in allen gesucht.</translation>
    </message>
    <message>
      <location filename="../ui/search_filters.py" />
      <source>The server lists no collections.</source>
      <translation>Der Server listet keine Kollektionen auf.</translation>
    </message>
    <message>
      <location filename="../ui/search_filters.py" />
      <source>The collections could not be listed: {message} A search covers them all; they are listed again when the tab is shown again.</source>
      <translation>Die Kollektionen konnten nicht aufgelistet werden: {message} Eine Suche umfasst alle; sie werden erneut aufgelistet, wenn der Reiter wieder angezeigt wird.</translation>
    </message>
    <message>
      <location filename="../ui/search_filters.py" />
      <source>The map extent</source>
      <translation>Der Kartenausschnitt</translation>
    </message>
    <message>
      <location filename="../ui/search_filters.py" />
      <source>Choose an AOI of the library (the AOIs tab lists them).</source>
      <translation>Wählen Sie eine AOI aus der Bibliothek (der Reiter „AOIs“ listet sie auf).</translation>
    </message>
    <message>
      <location filename="../ui/search_filters.py" />
      <source>There is no current AOI: draw one or pick features in the AOIs tab, or choose another place.</source>
      <translation>Es gibt keine aktuelle AOI: Zeichnen Sie eine oder wählen Sie Objekte im Reiter „AOIs“, oder wählen Sie einen anderen Ort.</translation>
    </message>
    <message>
      <location filename="../ui/search_filters.py" />
      <source>No features are selected: select features of a vector layer (make it the active layer), or choose another place.</source>
      <translation>Es sind keine Objekte ausgewählt: Wählen Sie Objekte eines Vektorlayers aus (machen Sie ihn zum aktiven Layer), oder wählen Sie einen anderen Ort.</translation>
    </message>
    <message>
      <location filename="../ui/search_filters.py" />
      <source>The selection of “{layer}”</source>
      <translation>Die Auswahl von „{layer}“</translation>
    </message>
    <message>
      <location filename="../ui/search_filters.py" />
      <source>The selected features of “{layer}” have no geometry.</source>
      <translation>Die ausgewählten Objekte von „{layer}“ haben keine Geometrie.</translation>
    </message>
    <message>
      <location filename="../ui/search_results.py" />
      <source>cloud {percent} %</source>
      <translation>Bewölkung {percent} %</translation>
    </message>
    <message>
      <location filename="../ui/search_results.py" />
      <source>no date</source>
      <translation>ohne Datum</translation>
    </message>
    <message>
      <location filename="../ui/search_results.py" />
      <source>Zoom the map to the selected items</source>
      <translation>Karte auf die Auswahl zoomen</translation>
    </message>
    <message>
      <location filename="../ui/search_results.py" />
      <source>Or double-click an item to zoom to it</source>
      <translation>Oder doppelklicken Sie auf ein Bild, um darauf zu zoomen</translation>
    </message>
    <message>
      <location filename="../ui/search_tab.py" />
      <source>Select items in the list or on the map first</source>
      <translation>Wählen Sie zuerst Bilder in der Liste oder auf der Karte aus</translation>
    </message>
    <message>
      <location filename="../ui/search_tab.py" />
      <source>{count} item</source>
      <translation>{count} Bild</translation>
    </message>
    <message>
      <location filename="../ui/search_tab.py" />
      <source>{count} items</source>
      <translation>{count} Bilder</translation>
    </message>
    <message>
      <location filename="../ui/search_tab.py" />
      <source>{received} of {matched} items</source>
      <translation>{received} von {matched} Bildern</translation>
    </message>
    <message>
      <location filename="../ui/search_tab.py" />
      <source>No deliveries of order {order} match: none yet, or the other filters leave none.</source>
      <translation>Keine Lieferungen des Auftrags {order} passen: noch keine vorhanden, oder die übrigen Filter schließen alle aus.</translation>
    </message>
    <message>
      <location filename="../ui/search_tab.py" />
      <source>No items match these filters.</source>
      <translation>Keine Bilder entsprechen diesen Filtern.</translation>
    </message>
    <message>
      <location filename="../ui/search_tab.py" />
      <source>Stop the search; the items already received stay</source>
      <translation>Suche anhalten; die bereits empfangenen Bilder bleiben erhalten</translation>
    </message>
    <message>
      <location filename="../ui/search_tab.py" />
      <source>Reset filters</source>
      <translation>Filter zurücksetzen</translation>
    </message>
    <message>
      <location filename="../ui/search_tab.py" />
      <source>Every filter back to “any” (sort and page size stay)</source>
      <translation>Alle Filter zurück auf „beliebig“ (Sortierung und Seitengröße bleiben)</translation>
    </message>
    <message>
      <location filename="../ui/search_tab.py" />
      <source>Set the filters and search.</source>
      <translation>Setzen Sie die Filter und suchen Sie.</translation>
    </message>
    <message>
      <location filename="../ui/search_tab.py" />
      <source>Results</source>
      <translation>Ergebnisse</translation>
    </message>
    <message>
      <location filename="../ui/search_tab.py" />
      <source>Add other rasters…</source>
      <translation>Weitere Raster…</translation>
    </message>
    <message>
      <location filename="../ui/search_tab.py" />
      <source>Legacy assets…</source>
      <translation>Legacy-Assets…</translation>
    </message>
    <message>
      <location filename="../ui/search_tab.py" />
      <source>The files of the legacy /assets listing, for accounts that use it</source>
      <translation>Die Dateien der alten /assets-Auflistung, für Konten, die sie nutzen</translation>
    </message>
    <message>
      <location filename="../ui/search_tab.py" />
      <source>Listing the collections…</source>
      <translation>Kollektionen werden aufgelistet…</translation>
    </message>
    <message>
      <location filename="../ui/search_tab.py" />
      <source>list STAC collections</source>
      <translation>STAC-Kollektionen auflisten</translation>
    </message>
    <message>
      <location filename="../ui/search_tab.py" />
      <source>Collections are listed when the tab is shown.</source>
      <translation>Die Kollektionen werden aufgelistet, wenn der Reiter angezeigt wird.</translation>
    </message>
    <message>
      <location filename="../ui/search_tab.py" />
      <source>Filters: {search}</source>
      <translation>Filter: {search}</translation>
    </message>
    <message>
      <location filename="../ui/search_tab.py" />
      <source>constellr search — {search}</source>
      <translation>constellr-Suche — {search}</translation>
    </message>
    <message>
      <location filename="../ui/search_tab.py" />
      <source>Searching {search}…</source>
      <translation>Suche läuft: {search}…</translation>
    </message>
    <message>
      <location filename="../ui/search_tab.py" />
      <source>search {search}</source>
      <translation>Suche {search}</translation>
    </message>
    <message>
      <location filename="../ui/search_tab.py" />
      <source>The search failed: {message} {items} received are kept.</source>
      <translation>Die Suche ist fehlgeschlagen: {message} Die empfangenen {items} bleiben erhalten.</translation>
    </message>
    <message>
      <location filename="../ui/search_tab.py" />
      <source>The search failed: {message}</source>
      <translation>Die Suche ist fehlgeschlagen: {message}</translation>
    </message>
    <message>
      <location filename="../ui/search_tab.py" />
      <source>Search cancelled: {items} received are kept.</source>
      <translation>Suche abgebrochen: Die empfangenen {items} bleiben erhalten.</translation>
    </message>
    <message>
      <location filename="../ui/search_tab.py" />
      <source>Stream the LST of the {count} selected item(s) as layers in °C</source>
      <translation>LST von {count} ausgewählten Bild(ern) als Layer in °C streamen</translation>
    </message>
    <message>
      <location filename="../ui/search_tab.py" />
      <source>Add other raster assets of the selected items as layers</source>
      <translation>Andere Raster-Assets der ausgewählten Bilder als Layer hinzufügen</translation>
    </message>
    <message>
      <location filename="../ui/search_tab.py" />
      <source>Download files of the {count} selected item(s)</source>
      <translation>Dateien von {count} ausgewählten Bild(ern) herunterladen</translation>
    </message>
    <message>
      <location filename="../ui/search_tab.py" />
      <source>{key} ({count} item)</source>
      <translation>{key} ({count} Bild)</translation>
    </message>
    <message>
      <location filename="../ui/search_tab.py" />
      <source>{key} ({count} items)</source>
      <translation>{key} ({count} Bilder)</translation>
    </message>
    <message>
      <location filename="../ui/search_tab.py" />
      <source>The selected items have no raster assets</source>
      <translation>Die ausgewählten Bilder haben keine Raster-Assets</translation>
    </message>
    <message>
      <location filename="../ui/search_tab.py" />
      <source>None of the selected items has a {what} asset: add another of their rasters (Add other rasters…) or download their files (Download…).</source>
      <translation>Keines der ausgewählten Bilder hat ein {what}-Asset: Fügen Sie ein anderes ihrer Raster hinzu (Weitere Raster…) oder laden Sie ihre Dateien herunter (Download…).</translation>
    </message>
    <message>
      <location filename="../ui/size_check.py" />
      <source>Size check</source>
      <translation>Größenprüfung</translation>
    </message>
    <message>
      <location filename="../ui/size_check.py" />
      <source>Preparing the AOI…</source>
      <translation>AOI wird vorbereitet…</translation>
    </message>
    <message>
      <location filename="../ui/size_check.py" />
      <source>Size:</source>
      <translation>Größe:</translation>
    </message>
    <message>
      <location filename="../ui/size_check.py" />
      <source>Server:</source>
      <translation>Server:</translation>
    </message>
    <message>
      <location filename="../ui/size_check.py" />
      <source>Use the repaired polygon</source>
      <translation>Das reparierte Polygon verwenden</translation>
    </message>
    <message>
      <location filename="../ui/size_check.py" />
      <source>One AOI per part</source>
      <translation>Eine AOI pro Teil</translation>
    </message>
    <message>
      <location filename="../ui/size_check.py" />
      <source>AOI name (unique in the workspace)</source>
      <translation>AOI-Name (eindeutig im Workspace)</translation>
    </message>
    <message>
      <location filename="../ui/size_check.py" />
      <source>Create AOI</source>
      <translation>AOI erstellen</translation>
    </message>
    <message>
      <location filename="../ui/size_check.py" />
      <source>Description:</source>
      <translation>Beschreibung:</translation>
    </message>
    <message>
      <location filename="../ui/size_check.py" />
      <source>The name the AOI gets</source>
      <translation>Der Name, den die AOI erhält</translation>
    </message>
    <message>
      <location filename="../ui/size_check.py" />
      <source>Bounding box width × height</source>
      <translation>Breite × Höhe des umgebenden Rechtecks</translation>
    </message>
    <message>
      <location filename="../ui/size_check.py" />
      <source>Does it fit {product}?</source>
      <translation>Eignet sie sich für {product}?</translation>
    </message>
    <message>
      <location filename="../ui/size_check.py" />
      <source>{aois} from {source}.</source>
      <translation>{aois} aus {source}.</translation>
    </message>
    <message>
      <location filename="../ui/size_check.py" />
      <source>Draw an AOI, or take it from a polygon layer, the map extent or a GeoJSON file.</source>
      <translation>Zeichnen Sie eine AOI oder übernehmen Sie sie aus einem Polygon-Layer, dem Kartenausschnitt oder einer GeoJSON-Datei.</translation>
    </message>
    <message>
      <location filename="../ui/size_check.py" />
      <source>checking…</source>
      <translation>wird geprüft…</translation>
    </message>
    <message>
      <location filename="../ui/size_check.py" />
      <source>Create {count} AOIs</source>
      <translation>{count} AOIs erstellen</translation>
    </message>
    <message>
      <location filename="../ui/size_check.py" />
      <source>✔ constellr measures the same ({figures})</source>
      <translation>✔ constellr misst dasselbe ({figures})</translation>
    </message>
    <message>
      <location filename="../ui/size_check.py" />
      <source>constellr measures {figures}: {difference} off the local figures</source>
      <translation>constellr misst {figures}: {difference} Abweichung von den lokalen Werten</translation>
    </message>
    <message>
      <location filename="../ui/size_check.py" />
      <source>not confirmed: {message}</source>
      <translation>nicht bestätigt: {message}</translation>
    </message>
    <message>
      <location filename="../ui/size_check.py" />
      <source>Create AOIs</source>
      <translation>AOIs erstellen</translation>
    </message>
    <message>
      <location filename="../ui/size_check.py" />
      <source>Create {count} AOIs in the workspace, one per polygon?</source>
      <translation>{count} AOIs im Workspace erstellen, eine pro Polygon?</translation>
    </message>
    <message>
      <location filename="../ui/size_check.py" />
      <source>create {count} AOI</source>
      <translation>{count} AOI erstellen</translation>
    </message>
    <message>
      <location filename="../ui/size_check.py" />
      <source>create {count} AOIs</source>
      <translation>{count} AOIs erstellen</translation>
    </message>
    <message>
      <location filename="../ui/tags_dialog.py" />
      <source>Tags of order {order}</source>
      <translation>Tags von Auftrag {order}</translation>
    </message>
    <message>
      <location filename="../ui/tags_dialog.py" />
      <source>Comma-separated; at most {tags} tags of up to {characters} characters, no duplicates. Leave empty to remove every tag.</source>
      <translation>Durch Kommas getrennt; höchstens {tags} Tags mit je bis zu {characters} Zeichen, keine Duplikate. Leer lassen, um alle Tags zu entfernen.</translation>
    </message>
  </context>
</TS>
