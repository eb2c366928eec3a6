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
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DemoScenarios</name>
    <message>
        <source>Rate limit (429, Retry-After 3 s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The next request is rate limited; the server asks to wait 3 s, then it succeeds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate limit with a long wait (1 h)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server asks to wait an hour; Steadfast asks you whether to wait.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server error once (503)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The next request gets a 503, the retry succeeds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outage (500s, opens the circuit breaker)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every request fails with 500 until the breaker opens and its probe fails too; the next probe after the cooldown succeeds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection reset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server drops the connection once; the retry succeeds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTML error page from a proxy (502)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A proxy answers with an HTML page instead of JSON; the retry succeeds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unreadable reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server answers 200 with a body that is not a completion; the retry succeeds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quota exhausted (429 insufficient_quota)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not retried: the account has no credit left.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timeout (no answer within the first-byte timeout)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server does not answer before the first-byte timeout (%1 s); the retry succeeds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stream stalls mid-reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reply stops arriving; after the idle timeout (%1 s) it is retried.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stream dropped mid-reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection closes part way through the reply; it is retried.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stream dropped on every attempt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every attempt breaks part way: the partial reply stays, marked as interrupted, with Continue and Regenerate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key rejected (401)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server rejects the API key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Permission denied (403)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key has no access to this model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model not found (404)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server does not know the model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context too long (400)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The conversation is longer than the model accepts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slow start (a cold model, 8 s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model takes 8 s to answer, as a local model does while it loads.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message numerus="yes">
        <source>%n ms</source>
        <comment>a duration in milliseconds</comment>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n s</source>
        <comment>a duration in seconds</comment>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <comment>a duration in minutes</comment>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h</source>
        <comment>a duration in hours</comment>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n d</source>
        <comment>a duration in days</comment>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>No error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate limited by the server (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate limited by the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quota or billing limit reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot reach the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot reach %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No connection within %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection took too long</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model did not answer within %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model did not answer in time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reply stopped for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reply stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request did not finish within %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request passed its deadline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request timed out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The stream stalled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reply was cut off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server timed out waiting for the request (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service had an error (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service had an error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server sent something unreadable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The API key was rejected (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access denied (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model or endpoint not found (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conflict (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context too long</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request was rejected (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unprocessable request (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redirect refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check your message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing went wrong.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server is receiving too many requests from you and asked to wait %1. Try again later, or check the rate limits of your plan.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server is receiving too many requests from you. Wait a moment and try again, or check the rate limits of your plan.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your account has no credit or has reached its spending limit. Check your plan and billing with the provider.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steadfast could not connect to the server. Check that the server is running and the address is right.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steadfast could not connect to %1. Check that the server is running and the address is right.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to the server took longer than %1. Check your network connection and that the server is reachable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to the server took too long. Check your network connection and that the server is reachable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server took the request but sent nothing back for %1. A local model may still be loading: try again, or allow more time in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server took the request but sent nothing back in time. A local model may still be loading: try again, or allow more time in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server stopped sending in the middle of the reply and sent nothing for %1. Try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server stopped sending in the middle of the reply. Try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The whole exchange took longer than the overall deadline of %1. Try again, or allow more time in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The whole exchange took longer than the overall deadline. Try again, or allow more time in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server took too long to answer. Try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server sent nothing for %1 in the middle of the reply. The text received so far is kept; try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server stopped sending in the middle of the reply. The text received so far is kept; try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection ended before the reply was complete. The text received so far is kept; try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server gave up waiting for the request to arrive. Try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server reported a problem on its side. This is usually temporary: try again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reply was not a chat completion Steadfast can read. The server may be overloaded or not OpenAI-compatible; try again, or check the address in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server did not accept the API key. Check the key in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The API key was accepted but has no access to this model or feature. Check the key&apos;s permissions in Settings, or choose another model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model may not exist, or this key may not have access to it. Choose another model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server reported a conflict with another request. Try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The conversation is longer than this model accepts. Shorten or edit your message, or start a new conversation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server could not accept this request. Read what it said, edit your message and send it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server understood the request but could not process it. Read what it said and edit your message.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s certificate could not be verified, so nothing was sent. Steadfast never ignores certificate errors: check the address in Settings and the server&apos;s certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server redirected the request to another address. Steadfast does not send your key or conversation to a server you did not choose: check the address in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server redirected the request to %1. Steadfast does not send your key or conversation to a server you did not choose: check the address in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The message was not sent because something needs fixing first. The details say what.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After repeated failures Steadfast paused requests to this server. It will try again in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests to this server are paused, after repeated failures or by you. Resume or reset it from the connection status in the status bar.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You stopped the request. Your message is kept: send it again when you are ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong. Try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first byte did not arrive within %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No data arrived for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose another model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check billing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wait</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>a duration: minutes, then seconds (1 min 30 s)</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>a duration: hours, then minutes (1 h 5 min)</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>a duration: days, then hours (2 d 3 h)</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Information</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Provider</name>
    <message>
        <source>Demo server (built in)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Provider:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which service to talk to. Choosing one fills in its address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Base URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>https://example.com/v1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show or hide the API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the key comes from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the key &amp;in:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where to keep the key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the key over &amp;unencrypted http</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the key over unencrypted http</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This server uses plain http, so anyone on the network between you and it can read the key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the server for its models with the address and key above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection test result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Stream replies as they are written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stream replies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem with the settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reliability</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Retries:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retries after a failed attempt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connect timeout:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect timeout in seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;First reply timeout:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First reply timeout in seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Stall timeout:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stall timeout in seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overall &amp;deadline:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overall deadline in seconds, 0 for none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Longest &amp;wait without asking:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Longest wait without asking, in seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pause after failures:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failures in a row before the server is paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause &amp;length:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause length in seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore &amp;defaults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore the default reliability settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;ystem prompt (sent first in every conversation):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For example: Answer briefly.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>A chat client for OpenAI-compatible APIs that survives failure.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep settings, the conversation, the draft and a key file in &lt;dir&gt; instead of the user&apos;s folders.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>steadfast::ActivityLogDock</name>
    <message>
        <source>Activity log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the activity log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the activity log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear the activity log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempts, retries and circuit breaker changes appear here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log files (*.log);;Text files (*.txt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activity log not saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The activity log could not be saved to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n ms</source>
        <comment>a delay in milliseconds</comment>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 s</source>
        <comment>a delay in seconds with one decimal</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 [%2]</source>
        <comment>an error&apos;s title, then its kind&apos;s technical name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <comment>an error, then the server&apos;s message</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (request id %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State: idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State: sending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State: receiving the reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State: waiting to retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State: waiting for your answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State: failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State: cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State: done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempt %1 of %2 → %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempt %1: response HTTP %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempt %1: response HTTP %2, request id %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>requests %1 of %2 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>requests left: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, reset in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tokens %1 of %2 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tokens left: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate limits reported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate limits: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Reply chunks received: %n</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Attempt %1 failed with a partial reply of length %n: %2</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Attempt %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server hint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>breaker probe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>backoff; the server hinted %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>backoff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retrying in %1 (%2) — attempt %3 of %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server asks to wait %1, longer than the maximum wait; asking you (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>reply length %n</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>finish reason %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>model %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tokens: %1 prompt + %2 completion = %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>request id %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Finished (attempts: %n): %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Failed with a partial reply of length %n: %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Circuit breaker for %1: %2 of %3 consecutive failures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Circuit breaker for %1 closed: requests go through (%2 of %3 failures)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Circuit breaker for %1 half-open: the next request is a probe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Circuit breaker for %1 paused by you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Circuit breaker for %1 open after %2 of %3 failures; next probe in %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>an event&apos;s name, then its fields as JSON</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>steadfast::AssistantMessageWidget</name>
    <message>
        <source>Continue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assistant&apos;s reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the reply as Markdown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the model to go on from where the reply stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard this reply and ask for a new one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assistant · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assistant (%1) · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · stopped at the token limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ Interrupted: this reply was cut off. The text above is what arrived.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>steadfast::ChatWindow</name>
    <message>
        <source>Message the model (Enter sends, Shift+Enter adds a line)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replies come from the demo server built into Steadfast. Use the Simulate menu to make it fail; open Settings to use a real provider.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo server in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider, API key, model, retries and timeouts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;ettings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Activity log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;imulate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear armed faults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo server: no faults armed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Steadfast</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Waiting for the model… %n s</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Sending (attempt %1 of %2)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receiving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the conversation: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversation restored with a problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Simulate works with the demo server (Settings → Provider).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steadfast — Demo server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steadfast — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop this request (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the message (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check billing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check your plan, credit and spending limits on your provider&apos;s website for %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Armed for the next request: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Steadfast</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Steadfast %1&lt;/h3&gt;&lt;p&gt;A chat client for OpenAI-compatible APIs that shows every retry, countdown and circuit-breaker state as it happens, and never loses what you typed.&lt;/p&gt;&lt;p&gt;Licensed under the GNU GPL, version 3 or later.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>steadfast::CodeBlockView</name>
    <message>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code (%1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>steadfast::ConversationStore</name>
    <message>
        <source>Could not create the folder %1 to save the conversation in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a conversation this version of Steadfast can read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 holds no draft text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not valid JSON (%2 at byte %3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 does not hold a JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It was kept as %1, and a new one was started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It could not be moved aside (%1), so saving will replace it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>steadfast::ConversationView</name>
    <message>
        <source>Conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No messages yet. Type below and press Enter to send; Shift+Enter adds a new line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request status</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>steadfast::ErrorCard</name>
    <message>
        <source>Error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server said: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP status %1 · Request id %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP status %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request id %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status and request id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy request id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the request id to the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>steadfast::KeyStore</name>
    <message>
        <source>no key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from the environment variable OPENAI_API_KEY</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from the system keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>for this session only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from a file only you can read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No file is configured for keeping API keys.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not delete the key file %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not create the folder %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write the key file %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>steadfast::RateLimitLabel</name>
    <message>
        <source>Rate limits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1k</source>
        <comment>a count in thousands</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1M</source>
        <comment>a count in millions</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests %1 · Tokens %2 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests %1 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens %1 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate limits reset in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Almost out of requests and tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Out of requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Almost out of requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Out of tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Almost out of tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, resets in %2 — %3</source>
        <comment>warning, time until the reset, the counts</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <comment>warning, then the counts</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It resets in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It has reset since.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests: %1 of %2 left.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests left: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens: %1 of %2 left.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens left: %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>steadfast::RetryBanner</name>
    <message>
        <source>Retry status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time until the next attempt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wait</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wait as long as the server asks, then try again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skip the wait and try again now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop trying</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retrying</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server asked to wait %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the next probe of the paused service.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backing off before trying again (the server asked for %1, which is shorter).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backing off before trying again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server asks to wait %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steadfast does not wait this long without asking. Wait, or cancel the request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retrying in %1 — attempt %2 of %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retrying now — attempt %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retrying in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retrying now</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>steadfast::SettingsDialog</name>
    <message>
        <source>The system keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory, for this session only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A file only you can read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the keychain if you can. Without one, choose memory (you type the key again next time) or a private file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>How often a failed request is tried again. Default: %n.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>How long sending the request may take. Default: %n s.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>How long to wait for the server to start answering. A local model may need a minute to load. Default: %n s.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>How long a reply may pause in the middle. Default: %n s.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The longest a whole exchange may take, retries included. Default: none.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>A server may ask to wait before retrying. Longer waits are asked about first. Default: %n s.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>After this many failures in a row the server is paused. Default: %n.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>How long the server stays paused before one test request. Default: %n s.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Hide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide the API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The address of an OpenAI-compatible server, usually ending in /v1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo server runs inside Steadfast.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose Custom to use another address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving the key…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key will be removed when you click OK.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new key will be saved when you click OK.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This server runs on your computer and needs no key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking for a saved key…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No key yet. Paste your API key here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key source: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a complete address that starts with http:// or https://.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This server uses plain http. Allow sending the key over unencrypted http, or use https.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Connected — %n models available</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The model “%1” is not on the server&apos;s list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server said: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the server&apos;s address, starting with http:// or https://.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No keychain available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system keychain cannot store the API key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep it in memory until Steadfast closes, or save it in a file that only your user account can read?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain said: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep for this session only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save in a file only I can read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key was not saved.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>steadfast::StatusIndicator</name>
    <message>
        <source>Connection status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause this server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset the circuit breaker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget the failures and send requests again at once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused by you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused — next probe in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused — probing shortly</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send requests to this server again, starting with one probe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send no requests to this server until you resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consecutive failures: %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>steadfast::UserMessageWidget</name>
    <message>
        <source>Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put this message back into the input to change it and send it again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
