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

## Перегляд інструкцій: розділи, найпопулярніші, див. також
wiki-all = Усі інструкції від А до Я
wiki-sections = Розділи
wiki-sections-none = Розділів ще немає. Редактори додають інструкції до розділів на сторінці редагування.
wiki-sections-all = Усі розділи
wiki-sections-more = Ще розділи
wiki-section-all = { $n ->
        [one] { $n } інструкція розділу
        [few] Усі { $n } інструкції розділу
        [many] Усі { $n } інструкцій розділу
       *[other] Усі { $n } інструкцій розділу
    }
wiki-section-count = { $n ->
        [0] У розділі немає інструкцій.
        [one] { $n } інструкція в розділі.
        [few] { $n } інструкції в розділі.
        [many] { $n } інструкцій у розділі.
       *[other] { $n } інструкцій у розділі.
    }
wiki-section-empty = Зараз у цьому розділі немає інструкцій.
wiki-section-first = Перша сторінка
wiki-section-more = Ще інструкції
wiki-most-read = Найчастіше читають
wiki-most-read-none = Інструкції ще ніхто не читав.
wiki-views = { $n ->
        [one] прочитано { $n } раз
        [few] прочитано { $n } рази
        [many] прочитано { $n } разів
       *[other] прочитано { $n } разу
    }
wiki-breadcrumbs = Навігаційний ланцюжок
wiki-see-also = Див. також
wiki-sections-field = Розділи
wiki-sections-hint = Через кому, напр. «Виведення коштів, Безпека». Читачі переглядають інструкції за розділами; нова назва створює новий розділ.
err-section-name = «{ $name }» не може бути назвою розділу: потрібні літери чи цифри й жодного з # < > [ ] | {"{"} {"}"}.
err-section-long = Назва розділу «{ $name }» задовга: щонайбільше { $max ->
        [one] { $max } символ
        [few] { $max } символи
        [many] { $max } символів
       *[other] { $max } символу
    }.
err-sections-many = Інструкція може бути щонайбільше в { $max ->
        [one] { $max } розділі
        [few] { $max } розділах
        [many] { $max } розділах
       *[other] { $max } розділу
    }.
