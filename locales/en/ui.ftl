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
