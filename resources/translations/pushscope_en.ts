<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AboutBox</name>
    <message>
        <source>&lt;h3&gt;PushScope %1&lt;/h3&gt;&lt;p&gt;A dashboard for Prometheus Pushgateways: push age and outcome of every group, filters, safe delete with backup and restore.&lt;/p&gt;&lt;p&gt;Qt %2 (built with Qt %3)&lt;/p&gt;&lt;p&gt;Released under the MIT licence.&lt;/p&gt;&lt;p&gt;&lt;a href=&quot;%4&quot;&gt;%4&lt;/a&gt;&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About PushScope</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>count %1, sum %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quantile %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the bearer token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secret needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain could not give %1 for %2.
Enter it for this session (it is not stored):</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>pushscope::GatewayListModel</name>
    <message>
        <source>1&#xa0;group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1&#xa0;groups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ok</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>v%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;1&#xa0;ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1&#xa0;ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>admin API on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scraped, up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS certificate verification is off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every watched gateway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Admin API: on (anyone who can reach it can wipe every group)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Admin API: off (no wipe of every group; deleting one group still works)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read-only in PushScope: nothing is deleted here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No Prometheus linked: scrape health unknown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All gateways</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>pushscope::GroupTableModel</name>
    <message>
        <source>Grouping labels other than job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time since the last push (successful or not), on the gateway&apos;s clock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metric families pushed, without push_time_seconds and push_failure_time_seconds</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>pushscope::ui::ChartPanel</name>
    <message>
        <source>Rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per-second rate of a counter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload after every poll</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PromQL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a group to chart its values.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>first %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No counter, gauge or untyped family to chart.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prometheus failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prometheus has no samples for this query yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from Prometheus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PushScope&apos;s own history since %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No values of %1 recorded yet: the history grows as groups are pushed again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rate(%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 warning: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 warnings: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prometheus warned:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>pushscope::ui::ChartWidget</name>
    <message>
        <source>Drag across a time span to zoom in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset zoom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>pushscope::ui::ConnectionsController</name>
    <message>
        <source>&amp;Connections…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add, edit, test, import and export saved gateways and Prometheus servers (Ctrl+,)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not watching %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Now watching %n more gateway(s).</source>
        <translation>
            <numerusform>Now watching %n more gateway.</numerusform>
            <numerusform>Now watching %n more gateways.</numerusform>
        </translation>
    </message>
    <message>
        <source>Restart PushScope?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 changed. PushScope keeps watching it as it was until it starts again. Restart now?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>pushscope::ui::DeleteConfirmDialog</name>
    <message>
        <source>1 group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 groups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete groups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grouping key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Age</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A backup of every deleted group is kept. Restore it from &lt;b&gt;Recently deleted…&lt;/b&gt; (it is pushed again, so its push time becomes the time of the restore).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 will be skipped; the list says why.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete 1 group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete %1 groups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To confirm, type the number of groups to delete (%1):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None of the selected groups can be deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete %1 from 1 gateway?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete %1 from %2 gateways?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>will be skipped: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>pushscope::ui::DeleteController</name>
    <message>
        <source>Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recently deleted…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Groups deleted from here, with their backups to restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the gateway is read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its exact key is hidden by a family named &quot;labels&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A delete is still running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The selected groups are on read-only gateways</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the selected groups, keeping a backup (Del)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking that the gateways no longer report them…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleting %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleting groups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling: waiting for requests already sent…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 on %2: %3. %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 still present (pushed again?)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 not sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backups of the deleted groups are in Recently deleted…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>pushscope::ui::DemoController</name>
    <message>
        <source>The sandbox failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting the local sandbox…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sandbox ready: gateway %1, prometheus %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sandbox stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 run %2 pushed: success</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 run %2 pushed: the job failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 made its last run; its group will turn stale.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Simulated jobs pushing to %1 every %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Simulated jobs stopped.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>pushscope::ui::DemoPanel</name>
    <message>
        <source>Demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A local sandbox gateway and simulated batch jobs pushing to it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show server logs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sandbox:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Simulated jobs push to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting the local sandbox…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gateway &lt;a href=&quot;%1&quot;&gt;%1&lt;/a&gt; · prometheus &lt;a href=&quot;%2&quot;&gt;%2&lt;/a&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop sandbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start sandbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (sandbox)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sandbox server logs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>prometheus-pushgateway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>prometheus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>pushscope::ui::DetailsPanel</name>
    <message>
        <source>Family / sample</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;i&gt;Select a group to see its metrics.&lt;/i&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last push: %1 (%2 ago) · last failure: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This group pushes a family named &quot;labels&quot;, which hides its exact grouping key in the gateway&apos;s reply; the key shown is a best guess.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Out of date: the gateway&apos;s last poll failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No HELP text was pushed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>pushscope::ui::GatewayBanner</name>
    <message>
        <source>Retry now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its rows are out of date: last read at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No groups have been read from it yet.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>pushscope::ui::GatewayEditor</name>
    <message>
        <source>Read-only: never delete from or restore to this gateway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Poll this gateway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A group whose last push is older than this is shown as stale.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Display name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Poll every:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stale after:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prometheus:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The gateway needs a URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>pushscope::ui::GatewaySidebar</name>
    <message>
        <source>Gateways</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>pushscope::ui::HttpConfigEditor</name>
    <message>
        <source>Authentication and TLS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skip certificate verification (insecure)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bearer token:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>X-Scope-OrgID: team-a</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extra headers:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.cer *.key);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client certificate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The URL&apos;s host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ The server&apos;s certificate is not checked: anyone on the way can read and change the traffic, passwords and tokens included.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved — type to replace</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>pushscope::ui::MainWindow</name>
    <message>
        <source>PushScope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Poll every gateway now (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause polling (Ctrl+Shift+P); ages keep ticking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter: words, or matchers like {job=~&quot;batch_.*&quot;, shard!=&quot;3&quot;}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All outcomes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About PushScope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Reading the gateways…&lt;/h3&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select many groups at once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Polling paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Polling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not polled yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last poll %1 · %2 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n group(s)</source>
        <translation>
            <numerusform>%n group</numerusform>
            <numerusform>%n groups</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Filter…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy grouping keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Select</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sandbox: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;The local sandbox did not start&lt;/h3&gt;&lt;p&gt;%1&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Starting the local sandbox…&lt;/h3&gt;&lt;p&gt;A pushgateway and a prometheus on this machine, then simulated jobs.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;No gateway to watch&lt;/h3&gt;&lt;p&gt;Add one in &lt;b&gt;File ▸ Connections…&lt;/b&gt;, or start PushScope with &lt;tt&gt;--gateway http://host:9091&lt;/tt&gt;, or &lt;tt&gt;--demo&lt;/tt&gt;.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>pushscope::ui::PrometheusEditor</name>
    <message>
        <source>The URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Display name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Prometheus server needs a URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is not an http or https URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>pushscope::ui::RecentlyDeletedDialog</name>
    <message>
        <source>Restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recently deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grouping key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a deleted group to see its metrics.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore pushes the backup again (PUT) to the same grouping key on the same gateway. The group&apos;s push time becomes now, not the time it had before it was deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is read-only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Push this group again; its push time becomes now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot restore: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restoring %1 on %2…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restored %1 on %2 at %3. Its push time is now that time, not the one it had before it was deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restoring %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>pushscope::ui::SelectionActions</name>
    <message>
        <source>Select all visible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select older than…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select same jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select every row the filter shows (Ctrl+A)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select the visible groups whose last push is older than a duration such as 2h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select every visible group whose job is the job of a selected group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select the visible groups whose last push is older than
(a Prometheus duration: 90s, 15m, 2h, 7d, 1h30m):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select older than</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No visible group is older than %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Selected 1 visible group older than %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Selected %1 visible groups older than %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a group first: its job decides which groups are selected.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>pushscope::ui::SettingsDialog</name>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pushgateways</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prometheus servers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Pushgateway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Prometheus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a connection, or add a Pushgateway.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No keychain is available: passwords and tokens are kept in memory for this session only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the connections of a shared file (same id: replaced)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the connections to a file for the team, without passwords or tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connections (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connections (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Pushgateway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Prometheus server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported from %1: %2 new gateway(s), %3 new Prometheus server(s); entries with a known id were replaced. Enter their passwords and tokens here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported to %1 (without passwords or tokens).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The gateway needs a URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>pushscope::ui::TimeRangeBox</name>
    <message>
        <source>5m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>6h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>24h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>7d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chart a fixed window of time</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>pushscope::ui::TimeRangeDialog</name>
    <message>
        <source>Custom time range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a start and an end.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From must be before To.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A custom range spans at most %1 days.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
