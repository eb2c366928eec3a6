<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AppContext</name>
    <message>
        <source>Hello! This reply comes from the **demo server** built into Steadfast, streamed to you a few words at a time.

Try the **Simulate** menu to make the next request fail, and watch what happens:

- a *rate limit* shows a banner counting down to the retry;
- an *outage* opens the circuit breaker in the status bar;
- a *rejected key* shows a card with the button that fixes it.

Code blocks stream in too:

```cpp
// Retries wait on a timer, never on a sleep.
m_retryTimer.start(delay);
```

When you are ready, open **Settings** to talk to OpenAI, Ollama, LM Studio, llama.cpp or OpenRouter.</source>
        <translation>Hallo! Diese Antwort kommt vom in Steadfast eingebauten **Demo-Server** und wird Ihnen in kleinen Stücken von wenigen Wörtern gestreamt.

Lassen Sie über das Menü **Simulieren** die nächste Anfrage fehlschlagen und beobachten Sie, was passiert:

- ein *Ratenlimit* zeigt ein Banner mit einem Countdown bis zum erneuten Versuch;
- ein *Ausfall* öffnet den Schutzschalter in der Statusleiste;
- ein *abgelehnter Schlüssel* zeigt eine Karte mit der Schaltfläche, die das Problem behebt.

Auch Codeblöcke werden gestreamt:

```cpp
// Wiederholungen warten auf einen Timer, nie auf ein sleep.
m_retryTimer.start(delay);
```

Wenn Sie so weit sind, öffnen Sie die **Einstellungen**, um mit OpenAI, Ollama, LM Studio, llama.cpp oder OpenRouter zu sprechen.</translation>
    </message>
    <message>
        <source>The conversation library could not be opened, so nothing you write now will be saved: %1</source>
        <translation>Die Bibliothek der Unterhaltungen konnte nicht geöffnet werden, daher wird nichts gespeichert, was Sie jetzt schreiben: %1</translation>
    </message>
    <message>
        <source>An earlier conversation file could not be read and was set aside: %1</source>
        <translation>Eine ältere Unterhaltungsdatei konnte nicht gelesen werden und wurde beiseitegelegt: %1</translation>
    </message>
</context>
<context>
    <name>ConversationSettingsDialog</name>
    <message>
        <source>Conversation Settings</source>
        <translation>Einstellungen der Unterhaltung</translation>
    </message>
    <message>
        <source>Conversation settings</source>
        <translation>Einstellungen der Unterhaltung</translation>
    </message>
    <message>
        <source>These settings apply to this conversation only. Whatever is left unchecked or empty follows the defaults in Settings.</source>
        <translation>Diese Einstellungen gelten nur für diese Unterhaltung. Was nicht angehakt oder leer bleibt, folgt den Standardwerten in den Einstellungen.</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>System prompt:</source>
        <translation>Systemprompt:</translation>
    </message>
    <message>
        <source>&amp;Use the default system prompt</source>
        <translation>&amp;Standard-Systemprompt verwenden</translation>
    </message>
    <message>
        <source>Use the default system prompt</source>
        <translation>Standard-Systemprompt verwenden</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>Systemprompt</translation>
    </message>
    <message>
        <source>No system prompt</source>
        <translation>Kein Systemprompt</translation>
    </message>
    <message>
        <source>&amp;Temperature:</source>
        <translation>&amp;Temperatur:</translation>
    </message>
    <message>
        <source>Set the temperature</source>
        <translation>Temperatur festlegen</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Temperatur</translation>
    </message>
    <message>
        <source>Ma&amp;ximum tokens:</source>
        <translation>Ma&amp;ximale Tokens:</translation>
    </message>
    <message>
        <source>Limit the reply&apos;s tokens</source>
        <translation>Tokens der Antwort begrenzen</translation>
    </message>
    <message>
        <source>Maximum tokens</source>
        <translation>Maximale Tokens</translation>
    </message>
</context>
<context>
    <name>DemoScenarios</name>
    <message>
        <source>Rate limit (429, Retry-After 3 s)</source>
        <translation>Ratenlimit (429, Retry-After 3 s)</translation>
    </message>
    <message>
        <source>The next request is rate limited; the server asks to wait 3 s, then it succeeds.</source>
        <translation>Die nächste Anfrage trifft auf ein Ratenlimit; der Server bittet, 3 s zu warten, danach gelingt sie.</translation>
    </message>
    <message>
        <source>Rate limit with a long wait (1 h)</source>
        <translation>Ratenlimit mit langer Wartezeit (1 h)</translation>
    </message>
    <message>
        <source>The server asks to wait an hour; Steadfast asks you whether to wait.</source>
        <translation>Der Server bittet, eine Stunde zu warten; Steadfast fragt Sie, ob gewartet werden soll.</translation>
    </message>
    <message>
        <source>Server error once (503)</source>
        <translation>Einmaliger Serverfehler (503)</translation>
    </message>
    <message>
        <source>The next request gets a 503, the retry succeeds.</source>
        <translation>Die nächste Anfrage erhält eine 503, der erneute Versuch gelingt.</translation>
    </message>
    <message>
        <source>Outage (500s, opens the circuit breaker)</source>
        <translation>Ausfall (500er, öffnet den Schutzschalter)</translation>
    </message>
    <message>
        <source>Every request fails with 500 until the breaker opens and its probe fails too; the next probe after the cooldown succeeds.</source>
        <translation>Jede Anfrage scheitert mit 500, bis der Schutzschalter öffnet und auch seine Testanfrage scheitert; die nächste Testanfrage nach der Pause gelingt.</translation>
    </message>
    <message>
        <source>Connection reset</source>
        <translation>Verbindung zurückgesetzt</translation>
    </message>
    <message>
        <source>The server drops the connection once; the retry succeeds.</source>
        <translation>Der Server bricht die Verbindung einmal ab; der erneute Versuch gelingt.</translation>
    </message>
    <message>
        <source>HTML error page from a proxy (502)</source>
        <translation>HTML-Fehlerseite von einem Proxy (502)</translation>
    </message>
    <message>
        <source>A proxy answers with an HTML page instead of JSON; the retry succeeds.</source>
        <translation>Ein Proxy antwortet mit einer HTML-Seite statt mit JSON; der erneute Versuch gelingt.</translation>
    </message>
    <message>
        <source>Unreadable reply</source>
        <translation>Unlesbare Antwort</translation>
    </message>
    <message>
        <source>The server answers 200 with a body that is not a completion; the retry succeeds.</source>
        <translation>Der Server antwortet mit 200, aber der Inhalt ist keine Chat-Completion; der erneute Versuch gelingt.</translation>
    </message>
    <message>
        <source>Quota exhausted (429 insufficient_quota)</source>
        <translation>Kontingent erschöpft (429 insufficient_quota)</translation>
    </message>
    <message>
        <source>Not retried: the account has no credit left.</source>
        <translation>Kein erneuter Versuch: Das Konto hat kein Guthaben mehr.</translation>
    </message>
    <message>
        <source>Timeout (no answer within the first-byte timeout)</source>
        <translation>Timeout (keine Antwort vor Ablauf des Timeouts für das erste Byte)</translation>
    </message>
    <message>
        <source>The server does not answer before the first-byte timeout (%1 s); the retry succeeds.</source>
        <translation>Der Server antwortet nicht vor Ablauf des Timeouts für das erste Byte (%1 s); der erneute Versuch gelingt.</translation>
    </message>
    <message>
        <source>Stream stalls mid-reply</source>
        <translation>Stream stockt mitten in der Antwort</translation>
    </message>
    <message>
        <source>The reply stops arriving; after the idle timeout (%1 s) it is retried.</source>
        <translation>Die Antwort kommt nicht mehr an; nach dem Timeout bei Stillstand (%1 s) wird es erneut versucht.</translation>
    </message>
    <message>
        <source>Stream dropped mid-reply</source>
        <translation>Stream bricht mitten in der Antwort ab</translation>
    </message>
    <message>
        <source>The connection closes part way through the reply; it is retried.</source>
        <translation>Die Verbindung wird mitten in der Antwort geschlossen; es wird erneut versucht.</translation>
    </message>
    <message>
        <source>Stream dropped on every attempt</source>
        <translation>Stream bricht bei jedem Versuch ab</translation>
    </message>
    <message>
        <source>Every attempt breaks part way: the partial reply stays, marked as interrupted, with Continue and Regenerate.</source>
        <translation>Jeder Versuch bricht mittendrin ab: Die Teilantwort bleibt erhalten, als unterbrochen markiert, mit „Fortsetzen“ und „Neu erzeugen“.</translation>
    </message>
    <message>
        <source>Key rejected (401)</source>
        <translation>Schlüssel abgelehnt (401)</translation>
    </message>
    <message>
        <source>The server rejects the API key.</source>
        <translation>Der Server lehnt den API-Schlüssel ab.</translation>
    </message>
    <message>
        <source>Permission denied (403)</source>
        <translation>Zugriff verweigert (403)</translation>
    </message>
    <message>
        <source>The key has no access to this model.</source>
        <translation>Der Schlüssel hat keinen Zugriff auf dieses Modell.</translation>
    </message>
    <message>
        <source>Model not found (404)</source>
        <translation>Modell nicht gefunden (404)</translation>
    </message>
    <message>
        <source>The server does not know the model.</source>
        <translation>Der Server kennt das Modell nicht.</translation>
    </message>
    <message>
        <source>Context too long (400)</source>
        <translation>Kontext zu lang (400)</translation>
    </message>
    <message>
        <source>The conversation is longer than the model accepts.</source>
        <translation>Die Unterhaltung ist länger, als das Modell akzeptiert.</translation>
    </message>
    <message>
        <source>Slow start (a cold model, 8 s)</source>
        <translation>Langsamer Start (kaltes Modell, 8 s)</translation>
    </message>
    <message>
        <source>The model takes 8 s to answer, as a local model does while it loads.</source>
        <translation>Das Modell braucht 8 s bis zur Antwort, wie ein lokales Modell, während es geladen wird.</translation>
    </message>
    <message>
        <source>Request timeout (408)</source>
        <translation>Zeitüberschreitung der Anfrage (408)</translation>
    </message>
    <message>
        <source>The server gives up waiting for the request once; the retry succeeds.</source>
        <translation>Der Server gibt das Warten auf die Anfrage einmal auf; der erneute Versuch gelingt.</translation>
    </message>
    <message>
        <source>Conflict (409)</source>
        <translation>Konflikt (409)</translation>
    </message>
    <message>
        <source>The server reports a conflict; not retried.</source>
        <translation>Der Server meldet einen Konflikt; kein erneuter Versuch.</translation>
    </message>
    <message>
        <source>Unprocessable request (422)</source>
        <translation>Nicht verarbeitbare Anfrage (422)</translation>
    </message>
    <message>
        <source>The server cannot process the request; not retried.</source>
        <translation>Der Server kann die Anfrage nicht verarbeiten; kein erneuter Versuch.</translation>
    </message>
    <message>
        <source>TLS handshake fails</source>
        <translation>TLS-Handshake schlägt fehl</translation>
    </message>
    <message>
        <source>The server redirects to https on a port that does not speak TLS; the secure connection cannot be made.</source>
        <translation>Der Server leitet auf https an einen Port um, der kein TLS spricht; die sichere Verbindung kommt nicht zustande.</translation>
    </message>
</context>
<context>
    <name>ErrorWords</name>
    <message numerus="yes">
        <source>%n ms</source>
        <comment>a duration in milliseconds</comment>
        <translation>
            <numerusform>%n ms</numerusform>
            <numerusform>%n ms</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n s</source>
        <comment>a duration in seconds</comment>
        <translation>
            <numerusform>%n s</numerusform>
            <numerusform>%n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <comment>a duration in minutes</comment>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h</source>
        <comment>a duration in hours</comment>
        <translation>
            <numerusform>%n h</numerusform>
            <numerusform>%n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n d</source>
        <comment>a duration in days</comment>
        <translation>
            <numerusform>%n Tag</numerusform>
            <numerusform>%n Tage</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>a duration: minutes, then seconds (1 min 30 s)</comment>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>a duration: hours, then minutes (1 h 5 min)</comment>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>a duration: days, then hours (2 d 3 h)</comment>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>a countdown: a larger unit, then the rest (1 h 2 min 5 s)</comment>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>the server</source>
        <translation>der Server</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not trusted</source>
        <translation>Dem Zertifikat des Servers wird nicht vertraut</translation>
    </message>
    <message>
        <source>The certificate is for another server</source>
        <translation>Das Zertifikat gilt für einen anderen Server</translation>
    </message>
    <message>
        <source>The server&apos;s certificate has expired</source>
        <translation>Das Zertifikat des Servers ist abgelaufen</translation>
    </message>
    <message>
        <source>The certificate of %1 was not issued by an authority this computer trusts (it may be self-signed). Nothing was sent. If you run this server, give it a certificate this computer trusts; otherwise check the address in Settings.</source>
        <translation>Das Zertifikat von %1 wurde nicht von einer Stelle ausgestellt, der dieser Computer vertraut (es ist vielleicht selbst signiert). Es wurde nichts gesendet. Wenn Sie diesen Server betreiben, geben Sie ihm ein Zertifikat, dem dieser Computer vertraut; andernfalls prüfen Sie die Adresse in den Einstellungen.</translation>
    </message>
    <message>
        <source>The certificate %1 presented was issued for a different name, so it may not be the server you meant. Nothing was sent. Check the address in Settings.</source>
        <translation>Das Zertifikat, das %1 vorgelegt hat, wurde für einen anderen Namen ausgestellt; es ist also vielleicht nicht der gemeinte Server. Es wurde nichts gesendet. Prüfen Sie die Adresse in den Einstellungen.</translation>
    </message>
    <message>
        <source>The certificate of %1 has expired or is not valid yet. Nothing was sent. Check this computer&apos;s date and time, or ask the server&apos;s owner to renew it.</source>
        <translation>Das Zertifikat von %1 ist abgelaufen oder noch nicht gültig. Es wurde nichts gesendet. Prüfen Sie Datum und Uhrzeit dieses Computers, oder bitten Sie den Betreiber des Servers, es zu erneuern.</translation>
    </message>
    <message>
        <source>The reply was cut off after one word</source>
        <translation>Die Antwort brach nach einem Wort ab</translation>
    </message>
    <message numerus="yes">
        <source>The reply was cut off after %n words</source>
        <comment>the words of the reply that were kept</comment>
        <translation>
            <numerusform>Die Antwort brach nach %n Wort ab</numerusform>
            <numerusform>Die Antwort brach nach %n Wörtern ab</numerusform>
        </translation>
    </message>
    <message>
        <source>Context too long</source>
        <translation>Kontext zu lang</translation>
    </message>
    <message>
        <source>Choose a model</source>
        <translation>Modell auswählen</translation>
    </message>
    <message>
        <source>Add your API key</source>
        <translation>API-Schlüssel hinzufügen</translation>
    </message>
    <message>
        <source>The connection ended before the reply was complete. What arrived is kept: continue from it, or regenerate the whole reply.</source>
        <translation>Die Verbindung endete, bevor die Antwort vollständig war. Was angekommen ist, bleibt erhalten: Setzen Sie es fort, oder erzeugen Sie die ganze Antwort neu.</translation>
    </message>
    <message>
        <source>The server sent nothing for %1 in the middle of the reply. What arrived is kept: continue from it, or regenerate the whole reply.</source>
        <translation>Der Server hat mitten in der Antwort %1 lang nichts gesendet. Was angekommen ist, bleibt erhalten: Setzen Sie es fort, oder erzeugen Sie die ganze Antwort neu.</translation>
    </message>
    <message>
        <source>The server stopped sending in the middle of the reply. What arrived is kept: continue from it, or regenerate the whole reply.</source>
        <translation>Der Server hat mitten in der Antwort aufgehört zu senden. Was angekommen ist, bleibt erhalten: Setzen Sie es fort, oder erzeugen Sie die ganze Antwort neu.</translation>
    </message>
    <message>
        <source>The conversation is longer than this model accepts. Shorten your message, or start a new conversation with it.</source>
        <translation>Die Unterhaltung ist länger, als dieses Modell akzeptiert. Kürzen Sie Ihre Nachricht, oder beginnen Sie damit eine neue Unterhaltung.</translation>
    </message>
    <message>
        <source>Your account has no credit or has reached its spending limit. Check your plan, credit and limits on the billing page of %1.</source>
        <translation>Ihr Konto hat kein Guthaben mehr oder hat sein Ausgabenlimit erreicht. Prüfen Sie Tarif, Guthaben und Limits auf der Abrechnungsseite von %1.</translation>
    </message>
    <message>
        <source>No model is chosen, so nothing was sent. Choose one in the model box, then try again.</source>
        <translation>Es ist kein Modell ausgewählt, daher wurde nichts gesendet. Wählen Sie eines im Modellfeld aus und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <source>Nothing was sent: %1 needs an API key and none is set. Add your key in Settings, then try again.</source>
        <translation>Es wurde nichts gesendet: %1 benötigt einen API-Schlüssel, und es ist keiner festgelegt. Fügen Sie Ihren Schlüssel in den Einstellungen hinzu und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <source>No error</source>
        <translation>Kein Fehler</translation>
    </message>
    <message>
        <source>Rate limited by the server (%1)</source>
        <translation>Ratenlimit des Servers erreicht (%1)</translation>
    </message>
    <message>
        <source>Rate limited by the server</source>
        <translation>Ratenlimit des Servers erreicht</translation>
    </message>
    <message>
        <source>Quota or billing limit reached</source>
        <translation>Kontingent- oder Abrechnungslimit erreicht</translation>
    </message>
    <message>
        <source>Cannot reach the server</source>
        <translation>Server nicht erreichbar</translation>
    </message>
    <message>
        <source>Cannot reach %1</source>
        <translation>%1 nicht erreichbar</translation>
    </message>
    <message>
        <source>No connection within %1</source>
        <translation>Keine Verbindung innerhalb von %1</translation>
    </message>
    <message>
        <source>The connection took too long</source>
        <translation>Der Verbindungsaufbau hat zu lange gedauert</translation>
    </message>
    <message>
        <source>The model did not answer within %1</source>
        <translation>Das Modell hat nicht innerhalb von %1 geantwortet</translation>
    </message>
    <message>
        <source>The model did not answer in time</source>
        <translation>Das Modell hat nicht rechtzeitig geantwortet</translation>
    </message>
    <message>
        <source>The reply stopped for %1</source>
        <translation>Die Antwort stockte %1 lang</translation>
    </message>
    <message>
        <source>The reply stopped</source>
        <translation>Die Antwort stockte</translation>
    </message>
    <message>
        <source>The request did not finish within %1</source>
        <translation>Die Anfrage wurde nicht innerhalb von %1 abgeschlossen</translation>
    </message>
    <message>
        <source>The request passed its deadline</source>
        <translation>Die Anfrage hat ihre Frist überschritten</translation>
    </message>
    <message>
        <source>The request timed out</source>
        <translation>Zeitüberschreitung bei der Anfrage</translation>
    </message>
    <message>
        <source>The stream stalled</source>
        <translation>Der Stream stockte</translation>
    </message>
    <message>
        <source>The reply was cut off</source>
        <translation>Die Antwort wurde abgeschnitten</translation>
    </message>
    <message>
        <source>The server timed out waiting for the request (%1)</source>
        <translation>Der Server hat zu lange auf die Anfrage gewartet (%1)</translation>
    </message>
    <message>
        <source>The service had an error (%1)</source>
        <translation>Fehler im Dienst (%1)</translation>
    </message>
    <message>
        <source>The service had an error</source>
        <translation>Fehler im Dienst</translation>
    </message>
    <message>
        <source>The server sent something unreadable</source>
        <translation>Der Server hat etwas Unlesbares gesendet</translation>
    </message>
    <message>
        <source>The API key was rejected (%1)</source>
        <translation>Der API-Schlüssel wurde abgelehnt (%1)</translation>
    </message>
    <message>
        <source>Access denied (%1)</source>
        <translation>Zugriff verweigert (%1)</translation>
    </message>
    <message>
        <source>Model or endpoint not found (%1)</source>
        <translation>Modell oder Endpunkt nicht gefunden (%1)</translation>
    </message>
    <message>
        <source>Conflict (%1)</source>
        <translation>Konflikt (%1)</translation>
    </message>
    <message>
        <source>The request was rejected (%1)</source>
        <translation>Die Anfrage wurde abgelehnt (%1)</translation>
    </message>
    <message>
        <source>Unprocessable request (%1)</source>
        <translation>Anfrage nicht verarbeitbar (%1)</translation>
    </message>
    <message>
        <source>Secure connection failed</source>
        <translation>Sichere Verbindung fehlgeschlagen</translation>
    </message>
    <message>
        <source>The proxy asks for a login (%1)</source>
        <translation>Der Proxy verlangt eine Anmeldung (%1)</translation>
    </message>
    <message>
        <source>Redirect refused</source>
        <translation>Weiterleitung abgelehnt</translation>
    </message>
    <message>
        <source>Check your message</source>
        <translation>Prüfen Sie Ihre Nachricht</translation>
    </message>
    <message>
        <source>Service paused</source>
        <translation>Dienst pausiert</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Gestoppt</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>Etwas ist schiefgelaufen</translation>
    </message>
    <message>
        <source>Nothing went wrong.</source>
        <translation>Es ist kein Fehler aufgetreten.</translation>
    </message>
    <message>
        <source>The server is receiving too many requests from you and asked to wait %1. Try again later, or check the rate limits of your plan.</source>
        <translation>Der Server erhält zu viele Anfragen von Ihnen und hat gebeten, %1 zu warten. Versuchen Sie es später erneut oder prüfen Sie die Ratenlimits Ihres Tarifs.</translation>
    </message>
    <message>
        <source>The server is receiving too many requests from you. Wait a moment and try again, or check the rate limits of your plan.</source>
        <translation>Der Server erhält zu viele Anfragen von Ihnen. Warten Sie einen Moment und versuchen Sie es erneut, oder prüfen Sie die Ratenlimits Ihres Tarifs.</translation>
    </message>
    <message>
        <source>Your account has no credit or has reached its spending limit. Check your plan, credit and spending limit with the provider.</source>
        <translation>Ihr Konto hat kein Guthaben mehr oder hat sein Ausgabenlimit erreicht. Prüfen Sie Tarif, Guthaben und Ausgabenlimit beim Anbieter.</translation>
    </message>
    <message>
        <source>Your account has no credit or has reached its spending limit. Check your plan, credit and spending limit with the provider of %1.</source>
        <translation>Ihr Konto hat kein Guthaben mehr oder hat sein Ausgabenlimit erreicht. Prüfen Sie Tarif, Guthaben und Ausgabenlimit beim Anbieter von %1.</translation>
    </message>
    <message>
        <source>Steadfast could not connect to the server. Check that the server is running and the address is right.</source>
        <translation>Steadfast konnte keine Verbindung zum Server herstellen. Prüfen Sie, ob der Server läuft und die Adresse stimmt.</translation>
    </message>
    <message>
        <source>Steadfast could not connect to %1. Check that the server is running and the address is right.</source>
        <translation>Steadfast konnte keine Verbindung zu %1 herstellen. Prüfen Sie, ob der Server läuft und die Adresse stimmt.</translation>
    </message>
    <message>
        <source>Connecting to the server took longer than %1. Check your network connection and that the server is reachable.</source>
        <translation>Der Verbindungsaufbau zum Server hat länger als %1 gedauert. Prüfen Sie Ihre Netzwerkverbindung und ob der Server erreichbar ist.</translation>
    </message>
    <message>
        <source>Connecting to the server took too long. Check your network connection and that the server is reachable.</source>
        <translation>Der Verbindungsaufbau zum Server hat zu lange gedauert. Prüfen Sie Ihre Netzwerkverbindung und ob der Server erreichbar ist.</translation>
    </message>
    <message>
        <source>The server took the request but sent nothing back for %1. A local model may still be loading: try again, or allow more time in Settings.</source>
        <translation>Der Server hat die Anfrage angenommen, aber %1 lang nichts zurückgesendet. Ein lokales Modell wird eventuell noch geladen: Versuchen Sie es erneut oder erlauben Sie in den Einstellungen mehr Zeit.</translation>
    </message>
    <message>
        <source>The server took the request but sent nothing back in time. A local model may still be loading: try again, or allow more time in Settings.</source>
        <translation>Der Server hat die Anfrage angenommen, aber nicht rechtzeitig etwas zurückgesendet. Ein lokales Modell wird eventuell noch geladen: Versuchen Sie es erneut oder erlauben Sie in den Einstellungen mehr Zeit.</translation>
    </message>
    <message>
        <source>The server stopped sending in the middle of the reply and sent nothing for %1. Try again.</source>
        <translation>Der Server hat mitten in der Antwort aufgehört zu senden und %1 lang nichts geschickt. Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The server stopped sending in the middle of the reply. Try again.</source>
        <translation>Der Server hat mitten in der Antwort aufgehört zu senden. Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The whole exchange took longer than the overall deadline of %1. Try again, or allow more time in Settings.</source>
        <translation>Der gesamte Austausch hat länger gedauert als die Gesamtfrist von %1. Versuchen Sie es erneut oder erlauben Sie in den Einstellungen mehr Zeit.</translation>
    </message>
    <message>
        <source>The whole exchange took longer than the overall deadline. Try again, or allow more time in Settings.</source>
        <translation>Der gesamte Austausch hat länger gedauert als die Gesamtfrist. Versuchen Sie es erneut oder erlauben Sie in den Einstellungen mehr Zeit.</translation>
    </message>
    <message>
        <source>The server took too long to answer. Try again.</source>
        <translation>Der Server hat zu lange für die Antwort gebraucht. Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The server sent nothing for %1 in the middle of the reply. The text received so far is kept; try again.</source>
        <translation>Der Server hat mitten in der Antwort %1 lang nichts gesendet. Der bisher empfangene Text bleibt erhalten; versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The server stopped sending in the middle of the reply. The text received so far is kept; try again.</source>
        <translation>Der Server hat mitten in der Antwort aufgehört zu senden. Der bisher empfangene Text bleibt erhalten; versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The connection ended before the reply was complete. The text received so far is kept; try again.</source>
        <translation>Die Verbindung wurde beendet, bevor die Antwort vollständig war. Der bisher empfangene Text bleibt erhalten; versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The server gave up waiting for the request to arrive. Try again.</source>
        <translation>Der Server hat es aufgegeben, auf das Eintreffen der Anfrage zu warten. Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The server reported a problem on its side. This is usually temporary: try again in a moment.</source>
        <translation>Der Server hat ein Problem auf seiner Seite gemeldet. Das ist meist vorübergehend: Versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>The reply was not a chat completion Steadfast can read. The server may be overloaded or not OpenAI-compatible; try again, or check the address in Settings.</source>
        <translation>Die Antwort war keine Chat-Completion, die Steadfast lesen kann. Der Server ist eventuell überlastet oder nicht OpenAI-kompatibel; versuchen Sie es erneut oder prüfen Sie die Adresse in den Einstellungen.</translation>
    </message>
    <message>
        <source>The server did not accept the API key. Check the key in Settings.</source>
        <translation>Der Server hat den API-Schlüssel nicht akzeptiert. Prüfen Sie den Schlüssel in den Einstellungen.</translation>
    </message>
    <message>
        <source>The API key was accepted but has no access to this model or feature. Check the key&apos;s permissions in Settings, or choose another model.</source>
        <translation>Der API-Schlüssel wurde akzeptiert, hat aber keinen Zugriff auf dieses Modell oder diese Funktion. Prüfen Sie die Berechtigungen des Schlüssels in den Einstellungen oder wählen Sie ein anderes Modell.</translation>
    </message>
    <message>
        <source>The model may not exist, or this key may not have access to it. Choose another model.</source>
        <translation>Das Modell existiert eventuell nicht, oder dieser Schlüssel hat keinen Zugriff darauf. Wählen Sie ein anderes Modell.</translation>
    </message>
    <message>
        <source>The server reported a conflict with another request. Try again.</source>
        <translation>Der Server hat einen Konflikt mit einer anderen Anfrage gemeldet. Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The server could not accept this request. Read what it said, edit your message and send it again.</source>
        <translation>Der Server konnte diese Anfrage nicht annehmen. Lesen Sie seine Meldung, bearbeiten Sie Ihre Nachricht und senden Sie sie erneut.</translation>
    </message>
    <message>
        <source>The server understood the request but could not process it. Read what it said and edit your message.</source>
        <translation>Der Server hat die Anfrage verstanden, konnte sie aber nicht verarbeiten. Lesen Sie seine Meldung und bearbeiten Sie Ihre Nachricht.</translation>
    </message>
    <message>
        <source>The secure (TLS) connection to %1 could not be set up: the server may not speak TLS at this address (a local server often uses http://). Nothing was sent. Steadfast never ignores this: check the address in Settings.</source>
        <translation>Die sichere (TLS-)Verbindung zu %1 kam nicht zustande: Der Server spricht unter dieser Adresse vielleicht kein TLS (ein lokaler Server verwendet oft http://). Es wurde nichts gesendet. Steadfast übergeht das nie: Prüfen Sie die Adresse in den Einstellungen.</translation>
    </message>
    <message>
        <source>The proxy between Steadfast and the server asks for a user name and password, so the request did not get through. Check the proxy in Settings.</source>
        <translation>Der Proxy zwischen Steadfast und dem Server verlangt einen Benutzernamen und ein Passwort, daher kam die Anfrage nicht durch. Prüfen Sie den Proxy in den Einstellungen.</translation>
    </message>
    <message>
        <source>The server redirected the request to another address. Steadfast does not send your key or conversation to a server you did not choose: check the address in Settings.</source>
        <translation>Der Server hat die Anfrage an eine andere Adresse weitergeleitet. Steadfast sendet Ihren Schlüssel und Ihre Unterhaltung nicht an einen Server, den Sie nicht gewählt haben: Prüfen Sie die Adresse in den Einstellungen.</translation>
    </message>
    <message>
        <source>The server redirected the request to %1. Steadfast does not send your key or conversation to a server you did not choose: check the address in Settings.</source>
        <translation>Der Server hat die Anfrage an %1 weitergeleitet. Steadfast sendet Ihren Schlüssel und Ihre Unterhaltung nicht an einen Server, den Sie nicht gewählt haben: Prüfen Sie die Adresse in den Einstellungen.</translation>
    </message>
    <message>
        <source>The message was not sent because something needs fixing first. The details say what.</source>
        <translation>Die Nachricht wurde nicht gesendet, weil zuerst etwas behoben werden muss. Die Details nennen, was.</translation>
    </message>
    <message>
        <source>After repeated failures Steadfast paused requests to this server. It will try again in %1.</source>
        <translation>Nach wiederholten Fehlschlägen hat Steadfast die Anfragen an diesen Server pausiert. In %1 wird es erneut versucht.</translation>
    </message>
    <message>
        <source>Requests to this server are paused, after repeated failures or by you. Resume or reset it from the connection status in the status bar.</source>
        <translation>Anfragen an diesen Server sind pausiert, nach wiederholten Fehlschlägen oder durch Sie. Über den Verbindungsstatus in der Statusleiste können Sie fortsetzen oder den Schutzschalter zurücksetzen.</translation>
    </message>
    <message>
        <source>You stopped the request. Your message is kept: send it again when you are ready.</source>
        <translation>Sie haben die Anfrage gestoppt. Ihre Nachricht bleibt erhalten: Senden Sie sie erneut, wenn Sie so weit sind.</translation>
    </message>
    <message>
        <source>Something went wrong. Try again.</source>
        <translation>Etwas ist schiefgelaufen. Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The first byte did not arrive within %1</source>
        <translation>Das erste Byte ist nicht innerhalb von %1 angekommen</translation>
    </message>
    <message>
        <source>No data arrived for %1</source>
        <translation>%1 lang sind keine Daten angekommen</translation>
    </message>
    <message>
        <source>Open Settings</source>
        <translation>Einstellungen öffnen</translation>
    </message>
    <message>
        <source>Choose another model</source>
        <translation>Anderes Modell wählen</translation>
    </message>
    <message>
        <source>Edit message</source>
        <translation>Nachricht bearbeiten</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <source>Wait</source>
        <translation>Warten</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Neu erzeugen</translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation>Neue Unterhaltung</translation>
    </message>
    <message>
        <source>Add your key</source>
        <translation>Schlüssel hinzufügen</translation>
    </message>
    <message>
        <source>Open billing page</source>
        <translation>Abrechnungsseite öffnen</translation>
    </message>
    <message>
        <source>Send when the service is back</source>
        <translation>Senden, sobald der Dienst wieder da ist</translation>
    </message>
    <message>
        <source>key rejected</source>
        <translation>Schlüssel abgelehnt</translation>
    </message>
    <message>
        <source>no access</source>
        <translation>kein Zugriff</translation>
    </message>
    <message>
        <source>quota used up</source>
        <translation>Kontingent aufgebraucht</translation>
    </message>
    <message>
        <source>certificate problem</source>
        <translation>Zertifikatsproblem</translation>
    </message>
    <message>
        <source>address redirected</source>
        <translation>Adresse umgeleitet</translation>
    </message>
    <message>
        <source>model not found</source>
        <translation>Modell nicht gefunden</translation>
    </message>
    <message>
        <source>proxy login needed</source>
        <translation>Proxy-Anmeldung nötig</translation>
    </message>
    <message>
        <source>Information</source>
        <translation>Information</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
</context>
<context>
    <name>LibraryTransfer</name>
    <message>
        <source>Cannot write “%1”: %2</source>
        <translation>„%1“ kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Saved “%1”.</source>
        <translation>„%1“ gespeichert.</translation>
    </message>
    <message>
        <source>The conversation no longer exists.</source>
        <translation>Die Unterhaltung existiert nicht mehr.</translation>
    </message>
    <message>
        <source>Cannot read “%1”: %2</source>
        <translation>„%1“ kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>“%1” is too large to be a Steadfast export.</source>
        <translation>„%1“ ist zu groß für einen Steadfast-Export.</translation>
    </message>
    <message>
        <source>Nothing was imported from “%1”: %2</source>
        <translation>Aus „%1“ wurde nichts importiert: %2</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n conversation(s) from “%1”.</source>
        <translation>
            <numerusform>%n Unterhaltung aus „%1“ importiert.</numerusform>
            <numerusform>%n Unterhaltungen aus „%1“ importiert.</numerusform>
        </translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Export Conversation</source>
        <translation>Unterhaltung exportieren</translation>
    </message>
    <message>
        <source>Back Up All Conversations</source>
        <translation>Alle Unterhaltungen sichern</translation>
    </message>
    <message>
        <source>Import Conversations</source>
        <translation>Unterhaltungen importieren</translation>
    </message>
    <message>
        <source>Steadfast export (*.json)</source>
        <translation>Steadfast-Export (*.json)</translation>
    </message>
</context>
<context>
    <name>Provider</name>
    <message>
        <source>Demo server (built in)</source>
        <translation>Demo-Server (integriert)</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Benutzerdefiniert</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Settings pages</source>
        <translation>Seiten der Einstellungen</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>&amp;Provider:</source>
        <translation>&amp;Anbieter:</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <source>Which service to talk to. Choosing one fills in its address.</source>
        <translation>Mit welchem Dienst kommuniziert wird. Bei der Auswahl wird seine Adresse eingetragen.</translation>
    </message>
    <message>
        <source>&amp;Base URL:</source>
        <translation>&amp;Basis-URL:</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>Basis-URL</translation>
    </message>
    <message>
        <source>https://example.com/v1</source>
        <translation>https://example.com/v1</translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation>API-&amp;Schlüssel:</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <source>Show the API key</source>
        <translation>API-Schlüssel anzeigen</translation>
    </message>
    <message>
        <source>Show or hide the API key</source>
        <translation>API-Schlüssel anzeigen oder ausblenden</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>Where the key comes from</source>
        <translation>Herkunft des Schlüssels</translation>
    </message>
    <message>
        <source>Keep the key &amp;in:</source>
        <translation>Schlüssel speichern &amp;in:</translation>
    </message>
    <message>
        <source>Where to keep the key</source>
        <translation>Speicherort des Schlüssels</translation>
    </message>
    <message>
        <source>Send the key over &amp;unencrypted http</source>
        <translation>Schlüssel über &amp;unverschlüsseltes http senden</translation>
    </message>
    <message>
        <source>Send the key over unencrypted http</source>
        <translation>Schlüssel über unverschlüsseltes http senden</translation>
    </message>
    <message>
        <source>This server uses plain http, so anyone on the network between you and it can read the key.</source>
        <translation>Dieser Server verwendet unverschlüsseltes http, daher kann jeder im Netzwerk zwischen Ihnen und dem Server den Schlüssel mitlesen.</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>Verbindung &amp;testen</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Verbindung testen</translation>
    </message>
    <message>
        <source>Ask the server for its models with the address and key above.</source>
        <translation>Den Server mit der obigen Adresse und dem obigen Schlüssel nach seinen Modellen fragen.</translation>
    </message>
    <message>
        <source>Connection test result</source>
        <translation>Ergebnis des Verbindungstests</translation>
    </message>
    <message>
        <source>&amp;Stream replies as they are written</source>
        <translation>Antworten st&amp;reamen, während sie entstehen</translation>
    </message>
    <message>
        <source>Stream replies</source>
        <translation>Antworten streamen</translation>
    </message>
    <message>
        <source>Problem with the settings</source>
        <translation>Problem mit den Einstellungen</translation>
    </message>
    <message>
        <source>Reliability</source>
        <translation>Zuverlässigkeit</translation>
    </message>
    <message>
        <source>&amp;Retries:</source>
        <translation>&amp;Wiederholungen:</translation>
    </message>
    <message>
        <source>Retries after a failed attempt</source>
        <translation>Wiederholungen nach einem fehlgeschlagenen Versuch</translation>
    </message>
    <message>
        <source>&amp;Connect timeout:</source>
        <translation>&amp;Verbindungs-Timeout:</translation>
    </message>
    <message>
        <source>Connect timeout in seconds</source>
        <translation>Verbindungs-Timeout in Sekunden</translation>
    </message>
    <message>
        <source>&amp;First reply timeout:</source>
        <translation>Timeout bis zur &amp;ersten Antwort:</translation>
    </message>
    <message>
        <source>First reply timeout in seconds</source>
        <translation>Timeout bis zur ersten Antwort in Sekunden</translation>
    </message>
    <message>
        <source>&amp;Stall timeout:</source>
        <translation>Timeout bei &amp;Stillstand:</translation>
    </message>
    <message>
        <source>Stall timeout in seconds</source>
        <translation>Timeout bei Stillstand in Sekunden</translation>
    </message>
    <message>
        <source>Overall &amp;deadline:</source>
        <translation>&amp;Gesamtfrist:</translation>
    </message>
    <message>
        <source>Overall deadline in seconds, 0 for none</source>
        <translation>Gesamtfrist in Sekunden, 0 für keine</translation>
    </message>
    <message>
        <source>Longest &amp;wait without asking:</source>
        <translation>Längste Wartezeit &amp;ohne Nachfrage:</translation>
    </message>
    <message>
        <source>Longest wait without asking, in seconds</source>
        <translation>Längste Wartezeit ohne Nachfrage, in Sekunden</translation>
    </message>
    <message>
        <source>&amp;Pause after failures:</source>
        <translation>&amp;Pausieren nach Fehlschlägen:</translation>
    </message>
    <message>
        <source>Failures in a row before the server is paused</source>
        <translation>Fehlschläge in Folge, bevor der Server pausiert wird</translation>
    </message>
    <message>
        <source>Pause &amp;length:</source>
        <translation>Pausen&amp;dauer:</translation>
    </message>
    <message>
        <source>Pause length in seconds</source>
        <translation>Pausendauer in Sekunden</translation>
    </message>
    <message>
        <source>Restore &amp;defaults</source>
        <translation>Standardwerte wieder&amp;herstellen</translation>
    </message>
    <message>
        <source>Restore the default reliability settings</source>
        <translation>Standardwerte für die Zuverlässigkeit wiederherstellen</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>Unterhaltung</translation>
    </message>
    <message>
        <source>S&amp;ystem prompt (sent first in every conversation):</source>
        <translation>&amp;Systemprompt (wird in jeder Unterhaltung zuerst gesendet):</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>Systemprompt</translation>
    </message>
    <message>
        <source>For example: Answer briefly.</source>
        <translation>Zum Beispiel: Antworte kurz.</translation>
    </message>
    <message>
        <source>About the base URL</source>
        <translation>Zur Basis-URL</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>A chat client for OpenAI-compatible APIs that survives failure.</source>
        <translation>Ein Chat-Client für OpenAI-kompatible APIs, der Fehler übersteht.</translation>
    </message>
    <message>
        <source>Keep settings, the conversation, the draft and a key file in &lt;dir&gt; instead of the user&apos;s folders.</source>
        <translation>Einstellungen, Unterhaltung, Entwurf und eine Schlüsseldatei in &lt;dir&gt; statt in den Ordnern des Benutzers ablegen.</translation>
    </message>
</context>
<context>
    <name>steadfast::ActivityLogDock</name>
    <message>
        <source>Activity log</source>
        <translation>Aktivitätsprotokoll</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy the activity log</source>
        <translation>Aktivitätsprotokoll kopieren</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>Speichern…</translation>
    </message>
    <message>
        <source>Save the activity log</source>
        <translation>Aktivitätsprotokoll speichern</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>Clear the activity log</source>
        <translation>Aktivitätsprotokoll leeren</translation>
    </message>
    <message>
        <source>Attempts, retries and circuit breaker changes appear here.</source>
        <translation>Hier erscheinen Versuche, Wiederholungen und Änderungen des Schutzschalters.</translation>
    </message>
    <message>
        <source>Log files (*.log);;Text files (*.txt);;All files (*)</source>
        <translation>Protokolldateien (*.log);;Textdateien (*.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Activity log not saved</source>
        <translation>Aktivitätsprotokoll nicht gespeichert</translation>
    </message>
    <message>
        <source>The activity log could not be saved to %1: %2</source>
        <translation>Das Aktivitätsprotokoll konnte nicht unter %1 gespeichert werden: %2</translation>
    </message>
    <message numerus="yes">
        <source>%n ms</source>
        <comment>a delay in milliseconds</comment>
        <translation>
            <numerusform>%n ms</numerusform>
            <numerusform>%n ms</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 s</source>
        <comment>a delay in seconds with one decimal</comment>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 [%2]</source>
        <comment>an error&apos;s title, then its kind&apos;s technical name</comment>
        <translation>%1 [%2]</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <comment>an error, then the server&apos;s message</comment>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1 (request id %2)</source>
        <translation>%1 (Anfrage-ID %2)</translation>
    </message>
    <message>
        <source>State: idle</source>
        <translation>Status: bereit</translation>
    </message>
    <message>
        <source>State: sending</source>
        <translation>Status: wird gesendet</translation>
    </message>
    <message>
        <source>State: receiving the reply</source>
        <translation>Status: Antwort wird empfangen</translation>
    </message>
    <message>
        <source>State: waiting to retry</source>
        <translation>Status: wartet auf erneuten Versuch</translation>
    </message>
    <message>
        <source>State: waiting for your answer</source>
        <translation>Status: wartet auf Ihre Antwort</translation>
    </message>
    <message>
        <source>State: failed</source>
        <translation>Status: fehlgeschlagen</translation>
    </message>
    <message>
        <source>State: cancelled</source>
        <translation>Status: abgebrochen</translation>
    </message>
    <message>
        <source>State: done</source>
        <translation>Status: fertig</translation>
    </message>
    <message>
        <source>State: %1</source>
        <translation>Status: %1</translation>
    </message>
    <message>
        <source>Attempt %1 of %2 → %3</source>
        <translation>Versuch %1 von %2 → %3</translation>
    </message>
    <message>
        <source>Attempt %1: response HTTP %2</source>
        <translation>Versuch %1: Antwort HTTP %2</translation>
    </message>
    <message>
        <source>Attempt %1: response HTTP %2, request id %3</source>
        <translation>Versuch %1: Antwort HTTP %2, Anfrage-ID %3</translation>
    </message>
    <message>
        <source>requests %1 of %2 left</source>
        <translation>%1 von %2 Anfragen übrig</translation>
    </message>
    <message>
        <source>requests left: %1</source>
        <translation>verbleibende Anfragen: %1</translation>
    </message>
    <message>
        <source>%1, reset in %2</source>
        <translation>%1, Zurücksetzung in %2</translation>
    </message>
    <message>
        <source>tokens %1 of %2 left</source>
        <translation>%1 von %2 Tokens übrig</translation>
    </message>
    <message>
        <source>tokens left: %1</source>
        <translation>verbleibende Tokens: %1</translation>
    </message>
    <message>
        <source>Rate limits reported</source>
        <translation>Ratenlimits gemeldet</translation>
    </message>
    <message>
        <source>Rate limits: %1</source>
        <translation>Ratenlimits: %1</translation>
    </message>
    <message numerus="yes">
        <source>Reply chunks received: %n</source>
        <translation>
            <numerusform>Empfangene Antwortteile: %n</numerusform>
            <numerusform>Empfangene Antwortteile: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Attempt %1 failed with a partial reply of length %n: %2</source>
        <translation>
            <numerusform>Versuch %1 mit einer Teilantwort von %n Zeichen fehlgeschlagen: %2</numerusform>
            <numerusform>Versuch %1 mit einer Teilantwort von %n Zeichen fehlgeschlagen: %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Attempt %1 failed: %2</source>
        <translation>Versuch %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>server hint</source>
        <translation>Vorgabe des Servers</translation>
    </message>
    <message>
        <source>breaker probe</source>
        <translation>Testanfrage des Schutzschalters</translation>
    </message>
    <message>
        <source>backoff; the server hinted %1</source>
        <translation>Backoff; der Server nannte %1</translation>
    </message>
    <message>
        <source>backoff</source>
        <translation>Backoff</translation>
    </message>
    <message>
        <source>Retrying in %1 (%2) — attempt %3 of %4</source>
        <translation>Erneuter Versuch in %1 (%2) — Versuch %3 von %4</translation>
    </message>
    <message>
        <source>The server asks to wait %1, longer than the maximum wait; asking you (%2)</source>
        <translation>Der Server bittet, %1 zu warten, länger als die maximale Wartezeit; Sie werden gefragt (%2)</translation>
    </message>
    <message numerus="yes">
        <source>reply length %n</source>
        <translation>
            <numerusform>Antwortlänge %n Zeichen</numerusform>
            <numerusform>Antwortlänge %n Zeichen</numerusform>
        </translation>
    </message>
    <message>
        <source>finish reason %1</source>
        <translation>Abschlussgrund %1</translation>
    </message>
    <message>
        <source>model %1</source>
        <translation>Modell %1</translation>
    </message>
    <message>
        <source>tokens: %1 prompt + %2 completion = %3</source>
        <translation>Tokens: %1 Prompt + %2 Antwort = %3</translation>
    </message>
    <message>
        <source>request id %1</source>
        <translation>Anfrage-ID %1</translation>
    </message>
    <message numerus="yes">
        <source>Finished (attempts: %n): %1</source>
        <translation>
            <numerusform>Abgeschlossen (%n Versuch): %1</numerusform>
            <numerusform>Abgeschlossen (%n Versuche): %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Failed with a partial reply of length %n: %1</source>
        <translation>
            <numerusform>Mit einer Teilantwort von %n Zeichen fehlgeschlagen: %1</numerusform>
            <numerusform>Mit einer Teilantwort von %n Zeichen fehlgeschlagen: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Circuit breaker for %1: %2 of %3 consecutive failures</source>
        <translation>Schutzschalter für %1: %2 von %3 Fehlschlägen in Folge</translation>
    </message>
    <message>
        <source>Circuit breaker for %1 closed: requests go through (%2 of %3 failures)</source>
        <translation>Schutzschalter für %1 geschlossen: Anfragen werden durchgelassen (%2 von %3 Fehlschlägen)</translation>
    </message>
    <message>
        <source>Circuit breaker for %1 half-open: the next request is a probe</source>
        <translation>Schutzschalter für %1 halb offen: Die nächste Anfrage ist eine Testanfrage</translation>
    </message>
    <message>
        <source>Circuit breaker for %1 paused by you</source>
        <translation>Schutzschalter für %1 von Ihnen pausiert</translation>
    </message>
    <message>
        <source>Circuit breaker for %1 open after %2 of %3 failures; next probe in %4</source>
        <translation>Schutzschalter für %1 nach %2 von %3 Fehlschlägen geöffnet; nächste Testanfrage in %4</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>an event&apos;s name, then its fields as JSON</comment>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>steadfast::AssistantMessageWidget</name>
    <message>
        <source>Continue</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Neu erzeugen</translation>
    </message>
    <message>
        <source>Assistant&apos;s reply</source>
        <translation>Antwort des Assistenten</translation>
    </message>
    <message>
        <source>Copy reply</source>
        <translation>Antwort kopieren</translation>
    </message>
    <message>
        <source>Ask the model to go on from where the reply stopped</source>
        <translation>Das Modell bitten, dort weiterzumachen, wo die Antwort abbrach</translation>
    </message>
    <message>
        <source>Assistant · %1</source>
        <translation>Assistent · %1</translation>
    </message>
    <message>
        <source>Assistant (%1) · %2</source>
        <translation>Assistent (%1) · %2</translation>
    </message>
    <message>
        <source>%1 · stopped at the token limit</source>
        <translation>%1 · am Token-Limit beendet</translation>
    </message>
    <message>
        <source>⚠ Interrupted: this reply was cut off. The text above is what arrived.</source>
        <translation>⚠ Unterbrochen: Diese Antwort wurde abgeschnitten. Oben steht, was angekommen ist.</translation>
    </message>
    <message>
        <source>Continue reply</source>
        <translation>Antwort fortsetzen</translation>
    </message>
    <message>
        <source>Regenerate reply</source>
        <translation>Antwort neu erzeugen</translation>
    </message>
    <message>
        <source>Ask for a new reply, kept as another version of this one</source>
        <translation>Um eine neue Antwort bitten; sie wird als weitere Version dieser Antwort behalten</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Delete reply</source>
        <translation>Antwort löschen</translation>
    </message>
    <message>
        <source>Delete this reply</source>
        <translation>Diese Antwort löschen</translation>
    </message>
    <message>
        <source>■ Stopped: you stopped this reply. The text above is what arrived.</source>
        <translation>■ Angehalten: Sie haben diese Antwort angehalten. Oben steht, was angekommen ist.</translation>
    </message>
</context>
<context>
    <name>steadfast::ChatWindow</name>
    <message>
        <source>Message the model (Enter sends, Shift+Enter adds a line)</source>
        <translation>Nachricht an das Modell (Eingabetaste sendet, Umschalt+Eingabetaste fügt eine Zeile ein)</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>Demo server</source>
        <translation>Demo-Server</translation>
    </message>
    <message>
        <source>Replies come from the demo server built into Steadfast. Use the Simulate menu to make it fail; open Settings to use a real provider.</source>
        <translation>Die Antworten kommen vom in Steadfast eingebauten Demo-Server. Lassen Sie ihn über das Menü „Simulieren“ fehlschlagen; öffnen Sie die Einstellungen, um einen echten Anbieter zu verwenden.</translation>
    </message>
    <message>
        <source>Demo server in use</source>
        <translation>Demo-Server aktiv</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Provider, API key, model, retries and timeouts</source>
        <translation>Anbieter, API-Schlüssel, Modell, Wiederholungen und Timeouts</translation>
    </message>
    <message>
        <source>&amp;Conversation</source>
        <translation>&amp;Unterhaltung</translation>
    </message>
    <message>
        <source>&amp;New conversation</source>
        <translation>&amp;Neue Unterhaltung</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>&amp;Stoppen</translation>
    </message>
    <message>
        <source>S&amp;ettings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Activity log</source>
        <translation>&amp;Aktivitätsprotokoll</translation>
    </message>
    <message>
        <source>S&amp;imulate</source>
        <translation>&amp;Simulieren</translation>
    </message>
    <message>
        <source>Clear armed faults</source>
        <translation>Vorgemerkte Fehler entfernen</translation>
    </message>
    <message>
        <source>Demo server: no faults armed.</source>
        <translation>Demo-Server: keine Fehler vorgemerkt.</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Steadfast</source>
        <translation>&amp;Über Steadfast</translation>
    </message>
    <message numerus="yes">
        <source>Waiting for the model… %n s</source>
        <translation>
            <numerusform>Warten auf das Modell… %n s</numerusform>
            <numerusform>Warten auf das Modell… %n s</numerusform>
        </translation>
    </message>
    <message>
        <source>Sending (attempt %1 of %2)…</source>
        <translation>Wird gesendet (Versuch %1 von %2)…</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Wird gesendet…</translation>
    </message>
    <message>
        <source>Receiving…</source>
        <translation>Wird empfangen…</translation>
    </message>
    <message>
        <source>Simulate works with the demo server (Settings → Provider).</source>
        <translation>„Simulieren“ funktioniert mit dem Demo-Server (Einstellungen → Anbieter).</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Stop this request (Esc)</source>
        <translation>Diese Anfrage stoppen (Esc)</translation>
    </message>
    <message>
        <source>Send the message (Enter)</source>
        <translation>Nachricht senden (Eingabetaste)</translation>
    </message>
    <message>
        <source>Armed for the next request: %1</source>
        <translation>Für die nächste Anfrage vorgemerkt: %1</translation>
    </message>
    <message>
        <source>About Steadfast</source>
        <translation>Über Steadfast</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Steadfast %1&lt;/h3&gt;&lt;p&gt;A chat client for OpenAI-compatible APIs that shows every retry, countdown and circuit-breaker state as it happens, and never loses what you typed.&lt;/p&gt;&lt;p&gt;Licensed under the GNU GPL, version 3 or later.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Steadfast %1&lt;/h3&gt;&lt;p&gt;Ein Chat-Client für OpenAI-kompatible APIs, der jeden erneuten Versuch, jeden Countdown und jeden Zustand des Schutzschalters sofort anzeigt und nie verliert, was Sie eingegeben haben.&lt;/p&gt;&lt;p&gt;Lizenziert unter der GNU GPL, Version 3 oder höher.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Message deleted, with what followed it.</source>
        <translation>Nachricht gelöscht, samt allem, was darauf folgte.</translation>
    </message>
    <message>
        <source>Reply deleted.</source>
        <translation>Antwort gelöscht.</translation>
    </message>
    <message>
        <source>Could not save: %1</source>
        <translation>Speichern fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Could not save your message, so it was not sent: %1</source>
        <translation>Ihre Nachricht konnte nicht gespeichert werden und wurde daher nicht gesendet: %1</translation>
    </message>
    <message>
        <source>&amp;Rename…</source>
        <translation>&amp;Umbenennen…</translation>
    </message>
    <message>
        <source>&amp;Pin or unpin</source>
        <translation>&amp;Anheften oder lösen</translation>
    </message>
    <message>
        <source>Conversation se&amp;ttings…</source>
        <translation>Einstellungen der Unterhal&amp;tung…</translation>
    </message>
    <message>
        <source>This conversation&apos;s model, system prompt, temperature and maximum length</source>
        <translation>Modell, Systemprompt, Temperatur und maximale Länge dieser Unterhaltung</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>E&amp;xportieren…</translation>
    </message>
    <message>
        <source>Move to &amp;trash</source>
        <translation>In den &amp;Papierkorb verschieben</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Importieren…</translation>
    </message>
    <message>
        <source>&amp;Back up the library…</source>
        <translation>Bibliothek si&amp;chern…</translation>
    </message>
    <message>
        <source>&amp;Sidebar</source>
        <translation>&amp;Seitenleiste</translation>
    </message>
    <message>
        <source>Search &amp;conversations</source>
        <translation>&amp;Unterhaltungen durchsuchen</translation>
    </message>
    <message>
        <source>Stop the request to switch conversations.</source>
        <translation>Stoppen Sie die Anfrage, um die Unterhaltung zu wechseln.</translation>
    </message>
    <message>
        <source>Using %1, the first model %2 lists.</source>
        <translation>%1 wird verwendet, das erste Modell, das %2 anbietet.</translation>
    </message>
    <message>
        <source>%1 does not list %2: using %3 instead.</source>
        <translation>%1 bietet %2 nicht an: stattdessen wird %3 verwendet.</translation>
    </message>
</context>
<context>
    <name>steadfast::CodeBlockView</name>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Code (%1)</source>
        <translation>Code (%1)</translation>
    </message>
    <message>
        <source>Copy code</source>
        <translation>Code kopieren</translation>
    </message>
    <message>
        <source>code</source>
        <translation>Code</translation>
    </message>
</context>
<context>
    <name>steadfast::ConversationListDelegate</name>
    <message>
        <source>Conversation title</source>
        <translation>Titel der Unterhaltung</translation>
    </message>
</context>
<context>
    <name>steadfast::ConversationListModel</name>
    <message>
        <source>New conversation</source>
        <translation>Neue Unterhaltung</translation>
    </message>
    <message>
        <source>Pinned</source>
        <translation>Angeheftet</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Gestern</translation>
    </message>
    <message>
        <source>Previous 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Older</source>
        <translation>Älter</translation>
    </message>
    <message>
        <source>Trash</source>
        <translation>Papierkorb</translation>
    </message>
</context>
<context>
    <name>steadfast::ConversationSettingsDialog</name>
    <message>
        <source>Default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>Default (%1)</source>
        <translation>Standard (%1)</translation>
    </message>
    <message>
        <source>Leave empty to use the model chosen in Settings</source>
        <translation>Leer lassen, um das in den Einstellungen gewählte Modell zu verwenden</translation>
    </message>
    <message>
        <source>The default is no system prompt</source>
        <translation>Standard: kein Systemprompt</translation>
    </message>
    <message>
        <source>No system prompt</source>
        <translation>Kein Systemprompt</translation>
    </message>
    <message>
        <source>Conversation Settings</source>
        <translation>Einstellungen der Unterhaltung</translation>
    </message>
    <message>
        <source>Settings for “%1”</source>
        <translation>Einstellungen für „%1“</translation>
    </message>
</context>
<context>
    <name>steadfast::CopyButton</name>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copied to the clipboard</source>
        <translation>In die Zwischenablage kopiert</translation>
    </message>
</context>
<context>
    <name>steadfast::ErrorCard</name>
    <message>
        <source>Error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <source>The server said: %1</source>
        <translation>Der Server meldete: %1</translation>
    </message>
    <message>
        <source>Details: %1</source>
        <translation>Details: %1</translation>
    </message>
    <message>
        <source>The server&apos;s message</source>
        <translation>Meldung des Servers</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>HTTP status %1 · Request id %2</source>
        <translation>HTTP-Status %1 · Anfrage-ID %2</translation>
    </message>
    <message>
        <source>HTTP status %1</source>
        <translation>HTTP-Status %1</translation>
    </message>
    <message>
        <source>Request id %1</source>
        <translation>Anfrage-ID %1</translation>
    </message>
    <message>
        <source>Status and request id</source>
        <translation>Status und Anfrage-ID</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy request id</source>
        <translation>Anfrage-ID kopieren</translation>
    </message>
    <message>
        <source>Copy the request id to the clipboard</source>
        <translation>Anfrage-ID in die Zwischenablage kopieren</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
    <message>
        <source>Next probe</source>
        <translation>Nächste Testanfrage</translation>
    </message>
    <message>
        <source>Show details</source>
        <translation>Details anzeigen</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>Details kopieren</translation>
    </message>
    <message>
        <source>Hide details</source>
        <translation>Details ausblenden</translation>
    </message>
    <message>
        <source>After repeated failures Steadfast paused requests to this server.</source>
        <translation>Nach wiederholten Fehlschlägen hat Steadfast die Anfragen an diesen Server pausiert.</translation>
    </message>
    <message>
        <source>Paused by you — resume from the connection status in the status bar</source>
        <translation>Von Ihnen pausiert — fortsetzen über den Verbindungsstatus in der Statusleiste</translation>
    </message>
    <message>
        <source>Service paused — next probe in %1</source>
        <translation>Dienst pausiert — nächste Testanfrage in %1</translation>
    </message>
    <message>
        <source>The service can be tried again now</source>
        <translation>Der Dienst kann jetzt wieder versucht werden</translation>
    </message>
</context>
<context>
    <name>steadfast::KeyStore</name>
    <message>
        <source>no key</source>
        <translation>kein Schlüssel</translation>
    </message>
    <message>
        <source>from the environment variable OPENAI_API_KEY</source>
        <translation>aus der Umgebungsvariable OPENAI_API_KEY</translation>
    </message>
    <message>
        <source>from the system keychain</source>
        <translation>aus dem Schlüsselbund des Systems</translation>
    </message>
    <message>
        <source>for this session only</source>
        <translation>nur für diese Sitzung</translation>
    </message>
    <message>
        <source>from a file only you can read</source>
        <translation>aus einer Datei, die nur Sie lesen können</translation>
    </message>
    <message>
        <source>No file is configured for keeping API keys.</source>
        <translation>Es ist keine Datei zum Speichern von API-Schlüsseln eingerichtet.</translation>
    </message>
    <message>
        <source>Could not delete the key file %1: %2</source>
        <translation>Die Schlüsseldatei %1 konnte nicht gelöscht werden: %2</translation>
    </message>
    <message>
        <source>Could not create the folder %1.</source>
        <translation>Der Ordner %1 konnte nicht angelegt werden.</translation>
    </message>
    <message>
        <source>Could not write the key file %1: %2</source>
        <translation>Die Schlüsseldatei %1 konnte nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>steadfast::RateLimitLabel</name>
    <message>
        <source>Rate limits</source>
        <translation>Ratenlimits</translation>
    </message>
    <message>
        <source>%1k</source>
        <comment>a count in thousands</comment>
        <translation>%1 Tsd.</translation>
    </message>
    <message>
        <source>%1M</source>
        <comment>a count in millions</comment>
        <translation>%1 Mio.</translation>
    </message>
    <message>
        <source>Requests %1 · Tokens %2 left</source>
        <translation>Noch %1 Anfragen · %2 Tokens</translation>
    </message>
    <message>
        <source>Requests %1 left</source>
        <translation>Noch %1 Anfragen</translation>
    </message>
    <message>
        <source>Tokens %1 left</source>
        <translation>Noch %1 Tokens</translation>
    </message>
    <message>
        <source>Rate limits reset in %1</source>
        <translation>Ratenlimits werden in %1 zurückgesetzt</translation>
    </message>
    <message>
        <source>Almost out of requests and tokens</source>
        <translation>Anfragen und Tokens fast aufgebraucht</translation>
    </message>
    <message>
        <source>Out of requests</source>
        <translation>Keine Anfragen mehr übrig</translation>
    </message>
    <message>
        <source>Almost out of requests</source>
        <translation>Anfragen fast aufgebraucht</translation>
    </message>
    <message>
        <source>Out of tokens</source>
        <translation>Keine Tokens mehr übrig</translation>
    </message>
    <message>
        <source>Almost out of tokens</source>
        <translation>Tokens fast aufgebraucht</translation>
    </message>
    <message>
        <source>%1, resets in %2 — %3</source>
        <comment>warning, time until the reset, the counts</comment>
        <translation>%1, Zurücksetzung in %2 — %3</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <comment>warning, then the counts</comment>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>It resets in %1.</source>
        <translation>Das Limit wird in %1 zurückgesetzt.</translation>
    </message>
    <message>
        <source>It has reset since.</source>
        <translation>Das Limit wurde inzwischen zurückgesetzt.</translation>
    </message>
    <message>
        <source>Requests: %1 of %2 left.</source>
        <translation>Anfragen: %1 von %2 übrig.</translation>
    </message>
    <message>
        <source>Requests left: %1.</source>
        <translation>Verbleibende Anfragen: %1.</translation>
    </message>
    <message>
        <source>Tokens: %1 of %2 left.</source>
        <translation>Tokens: %1 von %2 übrig.</translation>
    </message>
    <message>
        <source>Tokens left: %1.</source>
        <translation>Verbleibende Tokens: %1.</translation>
    </message>
</context>
<context>
    <name>steadfast::RetryBanner</name>
    <message>
        <source>Retry status</source>
        <translation>Status der Wiederholung</translation>
    </message>
    <message>
        <source>Time until the next attempt</source>
        <translation>Zeit bis zum nächsten Versuch</translation>
    </message>
    <message>
        <source>Wait</source>
        <translation>Warten</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>Jetzt erneut versuchen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Wait as long as the server asks, then try again</source>
        <translation>So lange warten, wie der Server verlangt, dann erneut versuchen</translation>
    </message>
    <message>
        <source>Skip the wait and try again now</source>
        <translation>Wartezeit überspringen und jetzt erneut versuchen</translation>
    </message>
    <message>
        <source>Stop trying</source>
        <translation>Keine weiteren Versuche</translation>
    </message>
    <message>
        <source>Retrying</source>
        <translation>Erneuter Versuch</translation>
    </message>
    <message>
        <source>The server asked to wait %1.</source>
        <translation>Der Server hat gebeten, %1 zu warten.</translation>
    </message>
    <message>
        <source>Waiting for the next probe of the paused service.</source>
        <translation>Warten auf die nächste Testanfrage an den pausierten Dienst.</translation>
    </message>
    <message>
        <source>Backing off before trying again (the server asked for %1, which is shorter).</source>
        <translation>Wartezeit vor dem nächsten Versuch (der Server hat um %1 gebeten, das ist kürzer).</translation>
    </message>
    <message>
        <source>Backing off before trying again.</source>
        <translation>Wartezeit vor dem nächsten Versuch.</translation>
    </message>
    <message>
        <source>The server asks to wait %1.</source>
        <translation>Der Server bittet, %1 zu warten.</translation>
    </message>
    <message>
        <source>Steadfast does not wait this long without asking. Wait, or cancel the request.</source>
        <translation>So lange wartet Steadfast nicht, ohne nachzufragen. Warten Sie, oder brechen Sie die Anfrage ab.</translation>
    </message>
    <message>
        <source>Retrying in %1 — attempt %2 of %3</source>
        <translation>Erneuter Versuch in %1 — Versuch %2 von %3</translation>
    </message>
    <message>
        <source>Retrying now — attempt %1 of %2</source>
        <translation>Wird jetzt erneut versucht — Versuch %1 von %2</translation>
    </message>
    <message>
        <source>Retrying in %1</source>
        <translation>Erneuter Versuch in %1</translation>
    </message>
    <message>
        <source>Retrying now</source>
        <translation>Wird jetzt erneut versucht</translation>
    </message>
    <message>
        <source>Requests to this server are paused by you. Resume them from the connection status in the status bar, or cancel.</source>
        <translation>Die Anfragen an diesen Server sind von Ihnen pausiert. Setzen Sie sie über den Verbindungsstatus in der Statusleiste fort, oder brechen Sie ab.</translation>
    </message>
    <message>
        <source>You asked to send it when the service is back: it goes as the first request after the pause.</source>
        <translation>Sie haben gebeten, sie zu senden, sobald der Dienst wieder da ist: Sie geht als erste Anfrage nach der Pause.</translation>
    </message>
    <message>
        <source>Waiting for you to resume the service — your message is held</source>
        <translation>Wartet darauf, dass Sie den Dienst fortsetzen — Ihre Nachricht wird zurückgehalten</translation>
    </message>
    <message>
        <source>Waiting for the service — sending as the probe in %1</source>
        <translation>Wartet auf den Dienst — wird in %1 als Testanfrage gesendet</translation>
    </message>
    <message>
        <source>Waiting for the service — sending as the probe now</source>
        <translation>Wartet auf den Dienst — wird jetzt als Testanfrage gesendet</translation>
    </message>
</context>
<context>
    <name>steadfast::SearchResultModel</name>
    <message>
        <source>New conversation</source>
        <translation>Neue Unterhaltung</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>steadfast::SettingsDialog</name>
    <message>
        <source>The system keychain</source>
        <translation>Schlüsselbund des Systems</translation>
    </message>
    <message>
        <source>Memory, for this session only</source>
        <translation>Arbeitsspeicher, nur für diese Sitzung</translation>
    </message>
    <message>
        <source>A file only you can read</source>
        <translation>Eine Datei, die nur Sie lesen können</translation>
    </message>
    <message>
        <source>Use the keychain if you can. Without one, choose memory (you type the key again next time) or a private file.</source>
        <translation>Verwenden Sie nach Möglichkeit den Schlüsselbund. Ohne Schlüsselbund wählen Sie den Arbeitsspeicher (Sie geben den Schlüssel beim nächsten Mal erneut ein) oder eine private Datei.</translation>
    </message>
    <message numerus="yes">
        <source>How often a failed request is tried again. Default: %n.</source>
        <translation>
            <numerusform>Wie oft eine fehlgeschlagene Anfrage erneut versucht wird. Standard: %n.</numerusform>
            <numerusform>Wie oft eine fehlgeschlagene Anfrage erneut versucht wird. Standard: %n.</numerusform>
        </translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message numerus="yes">
        <source>How long sending the request may take. Default: %n s.</source>
        <translation>
            <numerusform>Wie lange das Senden der Anfrage dauern darf. Standard: %n s.</numerusform>
            <numerusform>Wie lange das Senden der Anfrage dauern darf. Standard: %n s.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>How long to wait for the server to start answering. A local model may need a minute to load. Default: %n s.</source>
        <translation>
            <numerusform>Wie lange gewartet wird, bis der Server zu antworten beginnt. Ein lokales Modell braucht zum Laden eventuell eine Minute. Standard: %n s.</numerusform>
            <numerusform>Wie lange gewartet wird, bis der Server zu antworten beginnt. Ein lokales Modell braucht zum Laden eventuell eine Minute. Standard: %n s.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>How long a reply may pause in the middle. Default: %n s.</source>
        <translation>
            <numerusform>Wie lange eine Antwort mittendrin stocken darf. Standard: %n s.</numerusform>
            <numerusform>Wie lange eine Antwort mittendrin stocken darf. Standard: %n s.</numerusform>
        </translation>
    </message>
    <message>
        <source>The longest a whole exchange may take, retries included. Default: none.</source>
        <translation>Wie lange ein ganzer Austausch einschließlich Wiederholungen höchstens dauern darf. Standard: keine.</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message numerus="yes">
        <source>A server may ask to wait before retrying. Longer waits are asked about first. Default: %n s.</source>
        <translation>
            <numerusform>Ein Server kann verlangen, vor einem erneuten Versuch zu warten. Bei längeren Wartezeiten wird zuerst nachgefragt. Standard: %n s.</numerusform>
            <numerusform>Ein Server kann verlangen, vor einem erneuten Versuch zu warten. Bei längeren Wartezeiten wird zuerst nachgefragt. Standard: %n s.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>After this many failures in a row the server is paused. Default: %n.</source>
        <translation>
            <numerusform>Nach so vielen Fehlschlägen in Folge wird der Server pausiert. Standard: %n.</numerusform>
            <numerusform>Nach so vielen Fehlschlägen in Folge wird der Server pausiert. Standard: %n.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>How long the server stays paused before one test request. Default: %n s.</source>
        <translation>
            <numerusform>Wie lange der Server pausiert bleibt, bevor eine Testanfrage gesendet wird. Standard: %n s.</numerusform>
            <numerusform>Wie lange der Server pausiert bleibt, bevor eine Testanfrage gesendet wird. Standard: %n s.</numerusform>
        </translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Ausblenden</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>Hide the API key</source>
        <translation>API-Schlüssel ausblenden</translation>
    </message>
    <message>
        <source>Show the API key</source>
        <translation>API-Schlüssel anzeigen</translation>
    </message>
    <message>
        <source>The address of an OpenAI-compatible server, usually ending in /v1.</source>
        <translation>Die Adresse eines OpenAI-kompatiblen Servers, meist mit /v1 am Ende.</translation>
    </message>
    <message>
        <source>Saving the key…</source>
        <translation>Schlüssel wird gespeichert…</translation>
    </message>
    <message>
        <source>The key will be removed when you click OK.</source>
        <translation>Der Schlüssel wird entfernt, wenn Sie auf OK klicken.</translation>
    </message>
    <message>
        <source>The new key will be saved when you click OK.</source>
        <translation>Der neue Schlüssel wird gespeichert, wenn Sie auf OK klicken.</translation>
    </message>
    <message>
        <source>This server runs on your computer and needs no key.</source>
        <translation>Dieser Server läuft auf Ihrem Computer und benötigt keinen Schlüssel.</translation>
    </message>
    <message>
        <source>Looking for a saved key…</source>
        <translation>Gespeicherter Schlüssel wird gesucht…</translation>
    </message>
    <message>
        <source>No key yet. Paste your API key here.</source>
        <translation>Noch kein Schlüssel. Fügen Sie hier Ihren API-Schlüssel ein.</translation>
    </message>
    <message>
        <source>Key source: %1</source>
        <translation>Schlüsselquelle: %1</translation>
    </message>
    <message>
        <source>Enter a complete address that starts with http:// or https://.</source>
        <translation>Geben Sie eine vollständige Adresse ein, die mit http:// oder https:// beginnt.</translation>
    </message>
    <message>
        <source>This server uses plain http. Allow sending the key over unencrypted http, or use https.</source>
        <translation>Dieser Server verwendet unverschlüsseltes http. Erlauben Sie das Senden des Schlüssels über unverschlüsseltes http, oder verwenden Sie https.</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Wird getestet…</translation>
    </message>
    <message numerus="yes">
        <source>Connected — %n models available</source>
        <translation>
            <numerusform>Verbunden — %n Modell verfügbar</numerusform>
            <numerusform>Verbunden — %n Modelle verfügbar</numerusform>
        </translation>
    </message>
    <message>
        <source>The model “%1” is not on the server&apos;s list.</source>
        <translation>Das Modell „%1“ steht nicht in der Liste des Servers.</translation>
    </message>
    <message>
        <source>The server said: %1</source>
        <translation>Der Server meldete: %1</translation>
    </message>
    <message>
        <source>No keychain available</source>
        <translation>Kein Schlüsselbund verfügbar</translation>
    </message>
    <message>
        <source>The system keychain cannot store the API key.</source>
        <translation>Der Schlüsselbund des Systems kann den API-Schlüssel nicht speichern.</translation>
    </message>
    <message>
        <source>Keep it in memory until Steadfast closes, or save it in a file that only your user account can read?</source>
        <translation>Soll der Schlüssel bis zum Beenden von Steadfast im Arbeitsspeicher bleiben oder in einer Datei gespeichert werden, die nur Ihr Benutzerkonto lesen kann?</translation>
    </message>
    <message>
        <source>The keychain said: %1</source>
        <translation>Der Schlüsselbund meldete: %1</translation>
    </message>
    <message>
        <source>Keep for this session only</source>
        <translation>Nur für diese Sitzung behalten</translation>
    </message>
    <message>
        <source>Save in a file only I can read</source>
        <translation>In einer Datei speichern, die nur ich lesen kann</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>The key was not saved.</source>
        <translation>Der Schlüssel wurde nicht gespeichert.</translation>
    </message>
    <message>
        <source>Enter the server&apos;s address, for example http://127.0.0.1:11434/v1.</source>
        <translation>Geben Sie die Adresse des Servers ein, zum Beispiel http://127.0.0.1:11434/v1.</translation>
    </message>
    <message>
        <source>This is not a valid address. Check it for typos.</source>
        <translation>Das ist keine gültige Adresse. Prüfen Sie sie auf Tippfehler.</translation>
    </message>
    <message>
        <source>Start the address with http:// or https://.</source>
        <translation>Beginnen Sie die Adresse mit http:// oder https://.</translation>
    </message>
    <message>
        <source>Start the address with http:// or https://, not %1:.</source>
        <translation>Beginnen Sie die Adresse mit http:// oder https://, nicht mit %1:.</translation>
    </message>
    <message>
        <source>The address has no server name, as in http://127.0.0.1:8080/v1.</source>
        <translation>Der Adresse fehlt der Servername, wie in http://127.0.0.1:8080/v1.</translation>
    </message>
    <message>
        <source>The demo server runs inside Steadfast. Type another address to use your own server.</source>
        <translation>Der Demo-Server läuft innerhalb von Steadfast. Geben Sie eine andere Adresse ein, um Ihren eigenen Server zu verwenden.</translation>
    </message>
    <message>
        <source>The usual address for %1. Type another one to use a custom server.</source>
        <translation>Die übliche Adresse für %1. Geben Sie eine andere ein, um einen eigenen Server zu verwenden.</translation>
    </message>
    <message>
        <source>⚠ %1</source>
        <translation>⚠ %1</translation>
    </message>
    <message>
        <source>No model chosen</source>
        <translation>Kein Modell ausgewählt</translation>
    </message>
    <message>
        <source>No model is chosen, so messages cannot be sent yet.</source>
        <translation>Es ist kein Modell ausgewählt, daher können noch keine Nachrichten gesendet werden.</translation>
    </message>
    <message>
        <source>Choose one now, or save the other settings and choose a model later in the window&apos;s model box.</source>
        <translation>Wählen Sie jetzt eines aus, oder speichern Sie die übrigen Einstellungen und wählen Sie später im Modellfeld des Fensters ein Modell.</translation>
    </message>
    <message>
        <source>Choose a model</source>
        <translation>Modell auswählen</translation>
    </message>
    <message>
        <source>Save without a model</source>
        <translation>Ohne Modell speichern</translation>
    </message>
</context>
<context>
    <name>steadfast::Sidebar</name>
    <message>
        <source>Conversations</source>
        <translation>Unterhaltungen</translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation>Neue Unterhaltung</translation>
    </message>
    <message>
        <source>Start a new conversation</source>
        <translation>Neue Unterhaltung beginnen</translation>
    </message>
    <message>
        <source>Search conversations (Ctrl+K)</source>
        <translation>Unterhaltungen durchsuchen (Strg+K)</translation>
    </message>
    <message>
        <source>Search conversations</source>
        <translation>Unterhaltungen durchsuchen</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Suchergebnisse</translation>
    </message>
    <message>
        <source>No results</source>
        <translation>Keine Ergebnisse</translation>
    </message>
    <message>
        <source>Show the conversations in the trash</source>
        <translation>Die Unterhaltungen im Papierkorb anzeigen</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Umbenennen</translation>
    </message>
    <message>
        <source>Rename the conversation (F2)</source>
        <translation>Die Unterhaltung umbenennen (F2)</translation>
    </message>
    <message>
        <source>Pin</source>
        <translation>Anheften</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>Save the conversation as Markdown or JSON</source>
        <translation>Die Unterhaltung als Markdown oder JSON speichern</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Move the conversation to the trash (Del)</source>
        <translation>Die Unterhaltung in den Papierkorb verschieben (Entf)</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Wiederherstellen</translation>
    </message>
    <message>
        <source>Take the conversation out of the trash</source>
        <translation>Die Unterhaltung aus dem Papierkorb zurückholen</translation>
    </message>
    <message>
        <source>Delete forever</source>
        <translation>Endgültig löschen</translation>
    </message>
    <message>
        <source>Delete the conversation for good</source>
        <translation>Die Unterhaltung endgültig löschen</translation>
    </message>
    <message>
        <source>Empty trash</source>
        <translation>Papierkorb leeren</translation>
    </message>
    <message>
        <source>Delete every conversation in the trash for good</source>
        <translation>Alle Unterhaltungen im Papierkorb endgültig löschen</translation>
    </message>
    <message>
        <source>Trash</source>
        <translation>Papierkorb</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>Lösen</translation>
    </message>
    <message>
        <source>Stop keeping the conversation on top</source>
        <translation>Die Unterhaltung nicht mehr oben halten</translation>
    </message>
    <message>
        <source>Keep the conversation on top</source>
        <translation>Die Unterhaltung oben halten</translation>
    </message>
    <message>
        <source>Trash (%1)</source>
        <translation>Papierkorb (%1)</translation>
    </message>
    <message numerus="yes">
        <source>Trash, %n conversation(s)</source>
        <translation>
            <numerusform>Papierkorb, %n Unterhaltung</numerusform>
            <numerusform>Papierkorb, %n Unterhaltungen</numerusform>
        </translation>
    </message>
    <message>
        <source>Stop the request to switch conversations</source>
        <translation>Stoppen Sie die Anfrage, um die Unterhaltung zu wechseln</translation>
    </message>
    <message>
        <source>Conversation deleted.</source>
        <translation>Unterhaltung gelöscht.</translation>
    </message>
    <message>
        <source>Delete forever?</source>
        <translation>Endgültig löschen?</translation>
    </message>
    <message>
        <source>“%1” will be deleted for good. This cannot be undone.</source>
        <translation>„%1“ wird endgültig gelöscht. Das lässt sich nicht rückgängig machen.</translation>
    </message>
    <message>
        <source>Empty the trash?</source>
        <translation>Papierkorb leeren?</translation>
    </message>
    <message numerus="yes">
        <source>%n conversation(s) in the trash will be deleted for good. This cannot be undone.</source>
        <translation>
            <numerusform>%n Unterhaltung im Papierkorb wird endgültig gelöscht. Das lässt sich nicht rückgängig machen.</numerusform>
            <numerusform>%n Unterhaltungen im Papierkorb werden endgültig gelöscht. Das lässt sich nicht rückgängig machen.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>steadfast::StatusIndicator</name>
    <message>
        <source>Connection status</source>
        <translation>Verbindungsstatus</translation>
    </message>
    <message>
        <source>Pause this server</source>
        <translation>Diesen Server pausieren</translation>
    </message>
    <message>
        <source>Reset the circuit breaker</source>
        <translation>Schutzschalter zurücksetzen</translation>
    </message>
    <message>
        <source>Forget the failures and send requests again at once</source>
        <translation>Fehlschläge vergessen und sofort wieder Anfragen senden</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Verbunden</translation>
    </message>
    <message>
        <source>Probing</source>
        <translation>Testanfrage läuft</translation>
    </message>
    <message>
        <source>Paused by you</source>
        <translation>Von Ihnen pausiert</translation>
    </message>
    <message>
        <source>Paused — next probe in %1</source>
        <translation>Pausiert — nächste Testanfrage in %1</translation>
    </message>
    <message>
        <source>Paused — probing shortly</source>
        <translation>Pausiert — Testanfrage in Kürze</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Send requests to this server again, starting with one probe</source>
        <translation>Wieder Anfragen an diesen Server senden, beginnend mit einer Testanfrage</translation>
    </message>
    <message>
        <source>Send no requests to this server until you resume</source>
        <translation>Keine Anfragen an diesen Server senden, bis Sie fortsetzen</translation>
    </message>
    <message>
        <source>Consecutive failures: %1 of %2</source>
        <translation>Fehlschläge in Folge: %1 von %2</translation>
    </message>
    <message>
        <source>Server: %1</source>
        <translation>Server: %1</translation>
    </message>
    <message>
        <source>Not contacted yet</source>
        <translation>Noch nicht kontaktiert</translation>
    </message>
    <message>
        <source>%1 of %2 failures</source>
        <translation>%1 von %2 Fehlschlägen</translation>
    </message>
    <message>
        <source>rate limited</source>
        <translation>Ratenlimit erreicht</translation>
    </message>
    <message>
        <source>the last request failed</source>
        <translation>die letzte Anfrage ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>retrying in %1</source>
        <translation>neuer Versuch in %1</translation>
    </message>
    <message>
        <source>retrying</source>
        <translation>neuer Versuch läuft</translation>
    </message>
    <message>
        <source>Trouble</source>
        <translation>Störung</translation>
    </message>
    <message>
        <source>Trouble — %1</source>
        <translation>Störung — %1</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Needs attention — %1</source>
        <translation>Handlungsbedarf — %1</translation>
    </message>
    <message>
        <source>Last attempt: succeeded</source>
        <translation>Letzter Versuch: erfolgreich</translation>
    </message>
    <message>
        <source>Last attempt failed: %1</source>
        <translation>Letzter Versuch fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Earlier error: %1</source>
        <translation>Früherer Fehler: %1</translation>
    </message>
    <message>
        <source>Next retry in %1</source>
        <translation>Nächster Versuch in %1</translation>
    </message>
    <message>
        <source>Paused — the next request is the probe</source>
        <translation>Pausiert — die nächste Anfrage ist die Testanfrage</translation>
    </message>
</context>
<context>
    <name>steadfast::StatusStrip</name>
    <message>
        <source>Status message</source>
        <translation>Statusmeldung</translation>
    </message>
</context>
<context>
    <name>steadfast::TimelineView</name>
    <message>
        <source>Conversation</source>
        <translation>Unterhaltung</translation>
    </message>
    <message>
        <source>No messages yet. Type below and press Enter to send; Shift+Enter adds a new line.</source>
        <translation>Noch keine Nachrichten. Schreiben Sie unten und drücken Sie zum Senden die Eingabetaste; Umschalt+Eingabetaste fügt eine neue Zeile ein.</translation>
    </message>
    <message>
        <source>Request status</source>
        <translation>Status der Anfrage</translation>
    </message>
    <message>
        <source>↓ Jump to latest</source>
        <translation>↓ Zum Neuesten</translation>
    </message>
    <message>
        <source>Jump to latest</source>
        <translation>Zum Neuesten springen</translation>
    </message>
    <message>
        <source>Go to the newest message and follow it</source>
        <translation>Zur neuesten Nachricht gehen und ihr folgen</translation>
    </message>
    <message>
        <source>A stream silent for %1 is given up</source>
        <translation>Ein Stream, der %1 lang still ist, wird aufgegeben</translation>
    </message>
    <message numerus="yes">
        <source>No data for %n s</source>
        <comment>a silent stream, whole seconds</comment>
        <translation>
            <numerusform>Seit %n s keine Daten</numerusform>
            <numerusform>Seit %n s keine Daten</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>steadfast::UndoBar</name>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Undo: %1</source>
        <translation>Rückgängig: %1</translation>
    </message>
</context>
<context>
    <name>steadfast::UserMessageWidget</name>
    <message>
        <source>Edit</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <source>You · %1</source>
        <translation>Sie · %1</translation>
    </message>
    <message>
        <source>Edit message</source>
        <translation>Nachricht bearbeiten</translation>
    </message>
    <message>
        <source>Your message</source>
        <translation>Ihre Nachricht</translation>
    </message>
    <message>
        <source>Change this message and send it again as a new version</source>
        <translation>Diese Nachricht ändern und als neue Version erneut senden</translation>
    </message>
    <message>
        <source>Copy message</source>
        <translation>Nachricht kopieren</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Delete message</source>
        <translation>Nachricht löschen</translation>
    </message>
    <message>
        <source>Delete this message and what follows it</source>
        <translation>Diese Nachricht und alles, was darauf folgt, löschen</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Edit message text</source>
        <translation>Nachrichtentext bearbeiten</translation>
    </message>
    <message>
        <source>Send edited message</source>
        <translation>Bearbeitete Nachricht senden</translation>
    </message>
    <message>
        <source>Send the changed message as a new version (Ctrl+Enter)</source>
        <translation>Die geänderte Nachricht als neue Version senden (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>Cancel editing</source>
        <translation>Bearbeiten abbrechen</translation>
    </message>
    <message>
        <source>Keep the message as it was (Esc)</source>
        <translation>Die Nachricht unverändert lassen (Esc)</translation>
    </message>
</context>
<context>
    <name>steadfast::VersionSwitcher</name>
    <message>
        <source>‹</source>
        <translation>‹</translation>
    </message>
    <message>
        <source>Previous version</source>
        <translation>Vorherige Version</translation>
    </message>
    <message>
        <source>Show the previous version</source>
        <translation>Die vorherige Version zeigen</translation>
    </message>
    <message>
        <source>›</source>
        <translation>›</translation>
    </message>
    <message>
        <source>Next version</source>
        <translation>Nächste Version</translation>
    </message>
    <message>
        <source>Show the next version</source>
        <translation>Die nächste Version zeigen</translation>
    </message>
    <message>
        <source>%1/%2</source>
        <translation>%1/%2</translation>
    </message>
    <message>
        <source>Version %1 of %2</source>
        <translation>Version %1 von %2</translation>
    </message>
</context>
</TS>
