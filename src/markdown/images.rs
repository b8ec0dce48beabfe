//! Which images rendered text may load.
//!
//! An `<img>` pointing at any server makes every reader's browser call it:
//! a tracking pixel that tells its owner who read a post, when, and from
//! which address. So only the site's own images (relative URLs, or absolute
//! ones on `public_url`'s host) and those on the configured `image_hosts`
//! stay images; any other becomes a plain link to the image, with its alt
//! text (or, lacking one, its address) as the link text. Inside a link, it
//! becomes just that text. The sanitizer gives every link
//! `rel="noopener noreferrer nofollow ugc"`.
//!
//! The policy comes from configuration, which the pure rendering functions
//! do not see, so it is *ambient*: the web layer runs every request inside
//! [`with_policy`], and commands that render (re-rendering, the demo) do the
//! same. Where none is set, only the site's own relative images are shown.

use std::future::Future;
use std::sync::{Arc, LazyLock};

tokio::task_local! {
    static POLICY: Arc<ImagePolicy>;
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImagePolicy {
    /// The host of the site's public address, if known.
    own_host: Option<String>,
    /// Other hosts images may come from, lower case.
    hosts: Vec<String>,
}

impl ImagePolicy {
    pub fn new(own_host: Option<String>, hosts: &[String]) -> Self {
        Self {
            own_host: own_host.map(|h| h.to_ascii_lowercase()),
            hosts: hosts.iter().map(|h| h.trim_end_matches('.').to_ascii_lowercase()).collect(),
        }
    }

    /// The configured hosts (for the Content-Security-Policy).
    pub fn hosts(&self) -> &[String] {
        &self.hosts
    }

    /// Whether an image at `src` (an URL as the sanitizer keeps it) may load.
    pub fn allows(&self, src: &str) -> bool {
        let host = if let Some(rest) = src.strip_prefix("//") {
            rest.split(['/', '?', '#']).next().map(|a| a.rsplit('@').next().unwrap_or(a))
        } else if super::sanitize::scheme_len(src).is_some() {
            return url::Url::parse(src).ok().is_some_and(|u| {
                matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| self.allows_host(h))
            });
        } else {
            return true; // relative: this site
        };
        host.map(|h| h.split(':').next().unwrap_or(h)).is_some_and(|h| self.allows_host(h))
    }

    fn allows_host(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        !host.is_empty() && (self.own_host.as_deref() == Some(host.as_str()) || self.hosts.contains(&host))
    }
}

/// Runs `f` (a request, a command) with `policy` as the image policy.
pub async fn with_policy<F: Future>(policy: Arc<ImagePolicy>, f: F) -> F::Output {
    POLICY.scope(policy, f).await
}

/// [`with_policy`] for synchronous code (tests).
pub fn with_policy_sync<R>(policy: Arc<ImagePolicy>, f: impl FnOnce() -> R) -> R {
    POLICY.sync_scope(policy, f)
}

pub(super) fn current() -> Arc<ImagePolicy> {
    static OWN_ONLY: LazyLock<Arc<ImagePolicy>> = LazyLock::new(|| Arc::new(ImagePolicy::default()));
    POLICY.try_with(Arc::clone).unwrap_or_else(|_| OWN_ONLY.clone())
}

/// Turns the images `policy` refuses into links, in HTML that the sanitizer
/// has written (so every `<` starts a tag and every attribute value is
/// double-quoted and escaped). `None` when nothing changed.
pub(super) fn rewrite(html: &str, policy: &ImagePolicy) -> Option<String> {
    if !html.contains("<img") {
        return None;
    }
    let mut out = String::with_capacity(html.len() + 32);
    let mut rest = html;
    let mut changed = false;
    let mut in_link = 0usize;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let Some(len) = rest[lt..].find('>').map(|gt| gt + 1) else {
            rest = &rest[lt..];
            break;
        };
        let tag = &rest[lt..lt + len];
        rest = &rest[lt + len..];
        if tag_named(tag, "a") {
            in_link += 1;
        } else if tag == "</a>" {
            in_link = in_link.saturating_sub(1);
        } else if tag_named(tag, "img")
            && let Some(src) = attribute(tag, "src")
            && !policy.allows(&unescape(src))
        {
            changed = true;
            let text = attribute(tag, "alt").filter(|a| !a.trim().is_empty()).unwrap_or(src);
            if in_link > 0 {
                out.push_str(text);
            } else {
                out.push_str(&format!("<a href=\"{src}\">{text}</a>"));
            }
            continue;
        }
        out.push_str(tag);
    }
    out.push_str(rest);
    changed.then_some(out)
}

/// Whether `tag` is a start tag named `name`.
fn tag_named(tag: &str, name: &str) -> bool {
    tag.strip_prefix('<').and_then(|t| t.strip_prefix(name)).is_some_and(|t| t.starts_with([' ', '>', '/']))
}

/// The raw (still escaped) value of an attribute of a serialized start tag.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let mut rest = tag.split_once(' ')?.1;
    loop {
        rest = rest.trim_start();
        let end = rest.find(['=', ' ', '>', '/'])?;
        let (attr, after) = rest.split_at(end);
        if let Some(value) = after.strip_prefix("=\"") {
            let close = value.find('"')?;
            if attr == name {
                return Some(&value[..close]);
            }
            rest = &value[close + 1..];
        } else if after.starts_with(' ') && !attr.is_empty() {
            rest = after;
        } else {
            return None;
        }
    }
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> ImagePolicy {
        ImagePolicy::new(Some("forum.example.org".into()), &["i.example.net".into()])
    }

    #[test]
    fn own_and_listed_hosts_only() {
        let p = policy();
        for ok in [
            "/x.png",
            "x.png",
            "https://forum.example.org/a.png",
            "https://I.Example.net/a.png",
            "http://i.example.net:8080/a.png",
            "//i.example.net/a.png",
        ] {
            assert!(p.allows(ok), "{ok}");
        }
        for bad in [
            "https://tracker.example/p.gif",
            "https://i.example.net.evil.example/a.png",
            "https://evil.example/i.example.net/a.png",
            "https://i.example.net@evil.example/a.png",
            "//evil.example/a.png",
            "//i.example.net@evil.example/a.png",
            "mailto:a@i.example.net",
        ] {
            assert!(!p.allows(bad), "{bad}");
        }
        assert!(!ImagePolicy::default().allows("https://forum.example.org/a.png"));
    }

    #[test]
    fn refused_images_become_links_or_text() {
        let p = policy();
        let html =
            r#"<p><img src="https://t.example/p.gif?a=1&amp;b=2" alt="A &amp; B"> <img src="/ok.png" alt="ok"></p>"#;
        assert_eq!(
            rewrite(html, &p).unwrap(),
            r#"<p><a href="https://t.example/p.gif?a=1&amp;b=2">A &amp; B</a> <img src="/ok.png" alt="ok"></p>"#
        );
        let html = r#"<a href="/t/1" rel="x"><img src="https://t.example/p.gif" alt="">x</a>"#;
        assert_eq!(rewrite(html, &p).unwrap(), r#"<a href="/t/1" rel="x">https://t.example/p.gifx</a>"#);
        assert_eq!(rewrite(r#"<p><img alt="no src"></p>"#, &p), None);
        assert_eq!(rewrite("<p>&lt;img src=x&gt;</p>", &p), None);
    }
}
