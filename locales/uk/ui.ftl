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

members-title = Учасники
members-search = Ім’я починається з…
members-any-certificate = Будь-який рівень атестата
members-filter = Показати
members-joined = з { $date }
members-none = Нікого не знайдено.
activity-title = Активність
activity-topics = Теми
activity-replies = Відповіді
activity-edits = Правки інструкцій
activity-none = Поки нічого.
settings-time-zone = Часовий пояс
settings-time-zone-browser = Як у браузері
settings-saved = Збережено.
err-time-zone = Оберіть часовий пояс зі списку.
wiki-wanted = Бажані інструкції
wiki-wanted-text = Інструкції, на які посилаються, але яких ще ніхто не написав; спершу найпотрібніші.
wiki-wanted-links = { $count ->
    [one] { $count } посилання
    [few] { $count } посилання
    [many] { $count } посилань
   *[other] { $count } посилання
}
wiki-wanted-none = Усі інструкції, на які посилаються, існують.
wiki-links-missing = Цієї інструкції ще немає; на неї посилаються ці сторінки.

wiki-view-source = Переглянути текст
wiki-source-title = Текст інструкції «{ $title }»
wiki-protected-until = До { $until }.
protect-days = Днів (порожньо: доки не знімуть)
