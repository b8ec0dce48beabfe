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

members-title = Участники
members-search = Имя начинается с…
members-any-certificate = Любой уровень аттестата
members-filter = Показать
members-joined = с { $date }
members-none = Никого не найдено.
activity-title = Активность
activity-topics = Темы
activity-replies = Ответы
activity-edits = Правки инструкций
activity-none = Пока ничего.
settings-time-zone = Часовой пояс
settings-time-zone-browser = Как в браузере
settings-saved = Сохранено.
err-time-zone = Выберите часовой пояс из списка.
wiki-wanted = Нужные инструкции
wiki-wanted-text = Инструкции, на которые ссылаются, но которые ещё никто не написал; сначала самые нужные.
wiki-wanted-links = { $count ->
    [one] { $count } ссылка
    [few] { $count } ссылки
    [many] { $count } ссылок
   *[other] { $count } ссылки
}
wiki-wanted-none = Все инструкции, на которые ссылаются, существуют.
wiki-links-missing = Этой инструкции ещё нет; на неё ссылаются эти страницы.

wiki-view-source = Посмотреть текст
wiki-source-title = Текст инструкции «{ $title }»
wiki-protected-until = До { $until }.
protect-days = Дней (пусто: пока не снимут)
