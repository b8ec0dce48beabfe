# Навігація й елементи сторінок, додані з меню персоналу й телефонною версткою.
nav-categories = Категорії
nav-staff = Персонал
nav-review = Черга перевірки
nav-admin-categories = Керування категоріями
categories-page-title = Усі категорії
categories-page-empty = Категорій ще немає.
category-stats = { $topics ->
    [one] { $topics } тема
    [few] { $topics } теми
    [many] { $topics } тем
   *[other] { $topics } теми
} · { $posts ->
    [one] { $posts } допис
    [few] { $posts } дописи
    [many] { $posts } дописів
   *[other] { $posts } допису
}
