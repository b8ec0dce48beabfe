# Navigation and page furniture added with the staff menu and the phone layout.
nav-categories = Categories
nav-staff = Staff
nav-review = Review queue
nav-admin-categories = Category admin
categories-page-title = All categories
categories-page-empty = No categories yet.
category-stats = { $topics ->
    [one] { $topics } topic
   *[other] { $topics } topics
} · { $posts ->
    [one] { $posts } post
   *[other] { $posts } posts
}

members-title = Members
members-search = Name starts with…
members-any-certificate = Any certificate level
members-filter = Show
members-joined = joined { $date }
members-none = No members match.
activity-title = Activity
activity-topics = Topics
activity-replies = Replies
activity-edits = Guide edits
activity-none = Nothing yet.
settings-time-zone = Time zone
settings-time-zone-browser = As my browser says
settings-saved = Saved.
err-time-zone = Choose a time zone from the list.
wiki-wanted = Wanted guides
wiki-wanted-text = Guides people link to that nobody has written yet, most wanted first.
wiki-wanted-links = { $count ->
    [one] { $count } link
   *[other] { $count } links
}
wiki-wanted-none = Every guide people link to exists.
wiki-links-missing = This guide does not exist yet; these pages link to it.

wiki-view-source = View source
wiki-source-title = Source of { $title }
wiki-protected-until = Until { $until }.
protect-days = Days (empty: until lifted)

## Browsing guides: sections, most read, see also
wiki-all = All guides A–Z
wiki-sections = Sections
wiki-sections-none = No sections yet. Editors file guides in sections on a guide's edit page.
wiki-sections-all = All sections
wiki-sections-more = More sections
wiki-section-all = { $n ->
        [one] The { $n } guide of this section
       *[other] All { $n } guides of this section
    }
wiki-section-count = { $n ->
        [0] No guides in this section.
        [one] { $n } guide in this section.
       *[other] { $n } guides in this section.
    }
wiki-section-empty = No guides are filed in this section now.
wiki-section-first = First page
wiki-section-more = More guides
wiki-most-read = Most read
wiki-most-read-none = No guide has been read yet.
wiki-views = { $n ->
        [one] read { $n } time
       *[other] read { $n } times
    }
wiki-breadcrumbs = Breadcrumb
wiki-see-also = See also
wiki-sections-field = Sections
wiki-sections-hint = Comma-separated, e.g. “Withdrawals, Security”. Readers browse guides by section; a new name starts a new section.
err-section-name = “{ $name }” cannot be a section name: use letters or digits, and none of # < > [ ] | {"{"} {"}"}.
err-section-long = The section name “{ $name }” is too long: at most { $max ->
        [one] { $max } character
       *[other] { $max } characters
    }.
err-sections-many = A guide may be in at most { $max ->
        [one] { $max } section
       *[other] { $max } sections
    }.
