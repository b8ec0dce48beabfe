# Навигация и элементы страниц, добавленные с меню персонала и телефонной вёрсткой.
nav-categories = Категории
nav-staff = Персонал
nav-review = Очередь проверки
nav-admin-categories = Управление категориями
categories-page-title = Все категории
categories-page-empty = Категорий пока нет.
category-stats = { $topics ->
    [one] { $topics } тема
    [few] { $topics } темы
    [many] { $topics } тем
   *[other] { $topics } темы
} · { $posts ->
    [one] { $posts } сообщение
    [few] { $posts } сообщения
    [many] { $posts } сообщений
   *[other] { $posts } сообщения
}
