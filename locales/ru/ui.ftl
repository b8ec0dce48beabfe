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

## Просмотр инструкций: разделы, самые читаемые, см. также
wiki-all = Все инструкции от А до Я
wiki-sections = Разделы
wiki-sections-none = Разделов пока нет. Редакторы добавляют инструкции в разделы на странице правки.
wiki-sections-all = Все разделы
wiki-sections-more = Ещё разделы
wiki-section-all = { $n ->
        [one] { $n } инструкция раздела
        [few] Все { $n } инструкции раздела
        [many] Все { $n } инструкций раздела
       *[other] Все { $n } инструкций раздела
    }
wiki-section-count = { $n ->
        [0] В разделе нет инструкций.
        [one] { $n } инструкция в разделе.
        [few] { $n } инструкции в разделе.
        [many] { $n } инструкций в разделе.
       *[other] { $n } инструкций в разделе.
    }
wiki-section-empty = Сейчас в этом разделе нет инструкций.
wiki-section-first = Первая страница
wiki-section-more = Ещё инструкции
wiki-most-read = Самые читаемые
wiki-most-read-none = Инструкции ещё никто не читал.
wiki-views = { $n ->
        [one] прочитано { $n } раз
        [few] прочитано { $n } раза
        [many] прочитано { $n } раз
       *[other] прочитано { $n } раза
    }
wiki-breadcrumbs = Навигационная цепочка
wiki-see-also = См. также
wiki-sections-field = Разделы
wiki-sections-hint = Через запятую, напр. «Вывод средств, Безопасность». Читатели просматривают инструкции по разделам; новое название создаёт новый раздел.
err-section-name = «{ $name }» не может быть названием раздела: нужны буквы или цифры и ни одного из # < > [ ] | {"{"} {"}"}.
err-section-long = Название раздела «{ $name }» слишком длинное: не более { $max ->
        [one] { $max } символа
        [few] { $max } символов
        [many] { $max } символов
       *[other] { $max } символа
    }.
err-sections-many = Инструкция может быть не более чем в { $max ->
        [one] { $max } разделе
        [few] { $max } разделах
        [many] { $max } разделах
       *[other] { $max } раздела
    }.
