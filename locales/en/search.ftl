# Search, ask, and the search admin page.

action-manage-search = Managing search
search-title = Search
search-label = Search the forum and the guides
search-placeholder = Search…
search-button = Search
search-filters = Filters
search-kind = Show
search-kind-all = Guides and topics
search-kind-guides = Guides only
search-kind-topics = Topics only
search-category = Category
search-category-any = Any category
search-author = Author (username)
search-from = From date
search-to = To date
search-solved = Solved topics only
search-fix-filters = Some filters are not right; see the messages next to them.
search-empty = Type a few words to search for.
search-no-words = There is nothing to search for in that: type words, not only punctuation or very common words.
search-truncated = Your text was long, so only its beginning was searched.
search-did-you-mean = Did you mean:
search-nothing = Nothing found. Try other or fewer words.
search-count = { $count ->
        [one] { $count } result
       *[other] { $count } results
    }
search-partial = not every word was found together, so these match some of them
search-kind-guide = Guide
search-kind-topic = Topic
search-kind-post = Reply
search-solved-mark = solved
search-pages = Result pages
search-err-date = Write the date as YYYY-MM-DD, for example 2026-01-31.
search-err-category = There is no such category.
search-err-author = There is no member with that name.
search-err-synonym-long = Keep each side under 100 characters.
search-err-synonym-empty = Write at least one word that is not too common.
search-thanks = Thank you: your answer helps us improve the guides.
search-synonym-saved = Synonym added.
search-synonym-deleted = Synonym removed.
ask-title = Ask a question
ask-label = What do you need help with?
ask-placeholder = For example: how do I top up my wallet
ask-button = Ask
ask-empty = Describe your problem in a few words, the way you would ask a person.
ask-guides = Guides that answer it
ask-read-section = Read the section:
ask-read-guide = Read the guide
ask-no-guides = No guide answers this yet.
ask-topics = Solved in the forum
ask-not-answered = Not answered?
ask-community = Ask the community
ask-search-instead = Search everything instead
ask-helped-question = Did this answer your question?
ask-helped-yes = Yes
ask-helped-no = No
search-admin-title = Search and questions
search-admin-unanswered = Questions without an answer
search-admin-unanswered-hint = Asked at /ask and not answered by any guide, or the reader did not follow a guide or said it did not help: the guides to write next.
search-admin-no-guide = no guide found
search-admin-not-helped = did not help
search-admin-not-followed = no guide followed
search-admin-none = No unanswered questions.
search-admin-synonyms = Synonyms
search-admin-synonyms-hint = A question containing the first phrase also finds the second (both ways if you tick the box). They apply at once, without re-indexing.
search-admin-delete = Remove
search-admin-from = Words readers type
search-admin-to = Words the guides use
search-admin-two-way = Both ways
search-admin-add = Add
search-admin-seed = { $count ->
        [one] { $count } built-in pair
       *[other] { $count } built-in pairs
    }
wiki-aliases = Other titles (for search)
wiki-aliases-hint = One per line: names readers may know this guide by, in Ukrainian or Russian. They help search and /ask find it.
