package dev.milk.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import dev.milk.MilkEndToEndTest;

/** Hostile names, content, filenames, embed fields and URLs come out as text on every route. */
class HostileArchiveTest extends MilkEndToEndTest {

    @Test
    void theHostileCorpusRendersAsText() throws Exception {
        String archiveId = Archives.newId();
        String publicId = archives.create(new ArchiveEvent.Created(archiveId, Archives.GUILD, Archives.CHANNEL,
                "<script>document.title='pwned'</script>", "\"><img src=x onerror=alert(1)>", "42", Archives.T0, null))
                .get();
        archives.addMessages(archiveId, Archives.hostile()).get();
        eventually(() -> get("/archive/" + publicId + ".json").body().contains("surrogate pair"), "the corpus is stored");

        HttpResponse<String> page = get("/archive/" + publicId);
        String html = page.body();
        String body = html.substring(html.indexOf("<body>"));
        assertThat(body).doesNotContain("<script").doesNotContain("<img src=x")
                // the page's own drawing of a voice message's waveform is its only svg
                .doesNotContainPattern("<svg(?! class=\"waveform\")")
                .doesNotContain("<iframe").doesNotContain("<style").doesNotContain("<b onmouseover")
                .doesNotContain("href=\"javascript:").doesNotContain("href=\"data:")
                .doesNotContain("\u202E").doesNotContain("\u2067")
                .contains("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;")
                .contains("&lt;img src=x onerror=&quot;document.title=&#39;pwned&#39;&quot;&gt;")
                .contains("Reason: &quot;&gt;&lt;img src=x onerror=alert(1)&gt;")
                .contains("x".repeat(4_000))
                // the names mentions resolve to, a reaction's emoji, a system line's wording
                .contains("@&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;")
                .contains("@&quot;&gt;&lt;img src=x onerror=document.title=&#39;pwned&#39;&gt;")
                .contains("#&lt;/span&gt;&lt;svg onload=document.title=&#39;pwned&#39;&gt;")
                .contains("&lt;img/src=x/onerror=alert(1)&gt;")
                .contains("changed the channel name: &gt; &lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;")
                // issue 27's parts: labels, placeholders, options, gallery descriptions, file names, tags, role
                // names, commands, AutoMod rules and keywords, a poll's result
                .doesNotContain("<b>link</b>").doesNotContain("<svg onload").doesNotContain("<v>")
                .doesNotContain("<i>nitro</i>").doesNotContain("<b onmouseover=alert(1)>")
                .contains("<span>&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;</span>")
                .contains("<span>&quot;&gt;&lt;b&gt;link&lt;/b&gt;</span>")
                .contains("<summary>&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;</summary>")
                .contains("<span class=\"option-description\">&quot;&gt;&lt;svg onload=alert(1)&gt;</span>")
                .contains("alt=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\"")
                .contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;.csv")
                .contains("<span class=\"server-tag\" title=\"Server tag\"><img")
                .contains("&lt;/a&gt;</span>")
                .contains("title=\"&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;\"")
                .contains("used <span class=\"command\">/&lt;b onmouseover=alert(1)&gt;ban&lt;/b&gt;</span>")
                .contains("Rule: <strong>&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;</strong>")
                .contains("Keyword: <strong>&lt;i&gt;nitro&lt;/i&gt;</strong>")
                .contains("AutoMod has blocked a message in #&lt;/span&gt;&lt;svg onload=alert(1)&gt;.")
                .contains("<span class=\"poll-text\">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</span>")
                .contains("A component Milk does not show (Discord&#39;s type 99)")
                .contains("<svg class=\"waveform\"");
        assertThat(html).contains("<title>#&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt; · Milk archive</title>");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .startsWith("default-src 'none'").contains("style-src 'self' 'sha256-").doesNotContain("script-src");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");

        // Every image the page loads is https, or Milk's own copy or asset (the copier may have
        // stored a copy before the page is read).
        var sources = java.util.regex.Pattern.compile(" src=\"([^\"]*)\"").matcher(html);
        while (sources.find()) {
            assertThat(sources.group(1)).matches("(https://|/media/|/assets/).*");
        }
        // Every href the page writes is http(s) or one of its own relative links.
        var hrefs = java.util.regex.Pattern.compile("href=\"([^\"]*)\"").matcher(html);
        while (hrefs.find()) {
            assertThat(hrefs.group(1)).matches("(https?://|/|#m).*");
        }

        String text = get("/archive/" + publicId + ".txt").body();
        assertThat(text).contains("{Components}").contains("[<img/src=x/onerror=alert(1)> <script>document.title='pwned'</script>]")
                .contains("used /<b onmouseover=alert(1)>ban</b>}").contains("[tag </a>]")
                .contains("Rule: <script>document.title='pwned'</script> · Keyword: <i>nitro</i>");
        assertThat(text).contains("{Poll}").contains("{Forwarded}").contains("{Reactions}")
                .contains("@<script>document.title='pwned'</script>");
        assertThat(text).doesNotContain("\u202E").contains("Channel: #<script>document.title='pwned'</script>");
        assertThat(get("/archive/" + publicId + ".json").headers().firstValue("Content-Type")).hasValue("application/json");

        // DiscordChatExporter's format: JSON that parses, the names as they were, a file name of safe characters.
        HttpResponse<String> dce = get("/archive/" + publicId + ".dce.json");
        assertThat(dce.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(dce.headers().firstValue("Content-Disposition").orElseThrow()).doesNotContain("<")
                .contains(publicId + ".json");
        var export = tools.jackson.databind.json.JsonMapper.builder().build().readTree(dce.body());
        assertThat(export.get("channel").get("name").asString()).isEqualTo("<script>document.title='pwned'</script>");
        assertThat(export.get("messageCount").asInt()).isEqualTo(export.get("messages").size()).isPositive();
    }
}
