# Sign-up: names nobody may take, and names too like another member's.
err-username-reserved = This name is reserved for the site. Please choose another one.
err-username-confusable = This name looks too much like the name of the member { $name }. Please choose another one.
