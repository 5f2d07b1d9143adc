/* a /* nested */ comment */ say 'one' /* trailing */
/* multi
 line */ say 'two'
