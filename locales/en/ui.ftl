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
